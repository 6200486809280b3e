import ArgumentParser
import Glibc

/// The file the signal handler appends to; set once before the handler is installed.
nonisolated(unsafe) private var recordDescriptor: Int32 = -1

/// `pilot-bench reload-recorder FILE`: a stand-in managed service that appends the CLOCK_MONOTONIC time of
/// every SIGHUP to FILE (16 bytes each), from the signal handler itself, so the benchmark measures when
/// the signal arrived, not when anyone looked.
struct ReloadRecorder: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reload-recorder", shouldDisplay: false)

    @Argument var file: String

    func run() throws {
        recordDescriptor = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        let handler: @convention(c) (Int32) -> Void = { _ in
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            _ = withUnsafeBytes(of: &now) { write(recordDescriptor, $0.baseAddress, $0.count) }
        }
        signal(SIGHUP, handler)
        while true { pause() }
    }
}

/// CLOCK_MONOTONIC now, in nanoseconds: the clock the recorder writes.
func monotonicNanoseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
}

/// The times the recorder has written so far, in nanoseconds.
func recordedSignals(_ path: String) -> [Int64] {
    guard let descriptor = Optional(open(path, O_RDONLY | O_CLOEXEC)), descriptor >= 0 else { return [] }
    defer { close(descriptor) }
    var times: [Int64] = []
    var record = timespec()
    while withUnsafeMutableBytes(of: &record, { read(descriptor, $0.baseAddress, $0.count) }) == MemoryLayout<timespec>.size {
        times.append(Int64(record.tv_sec) * 1_000_000_000 + Int64(record.tv_nsec))
    }
    return times
}
