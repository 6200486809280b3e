import Foundation
import Synchronization

/// A `pilot run` (or another pilot command line) started by a benchmark, with its log kept.
final class BenchPilot: Sendable {
    private let process: Process
    private let output = Mutex("")
    let directory: URL

    /// Starts `pilot run` with `arguments`; with a `wrapper` (a program and its arguments, such as valgrind),
    /// the wrapper is started with pilot's command line after its own.
    init(
        pilot: String, environment: [String: String], command: [String] = ["run"], arguments: [String] = [],
        directory: URL, wrapper: [String] = []
    ) throws {
        self.directory = directory
        process = Process()
        if let program = wrapper.first {
            process.executableURL = URL(filePath: program)
            process.arguments = Array(wrapper.dropFirst()) + [pilot] + command + arguments
        } else {
            process.executableURL = URL(filePath: pilot)
            process.arguments = command + arguments
        }
        process.environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "PILOT_CONTROL_SOCKET": directory.appending(path: "control.socket").path(percentEncoded: false),
            // Never the host's /etc/containerpilot/services.json (the default path).
            "PILOT_SERVICES_FILE": directory.appending(path: "services.json").path(percentEncoded: false),
        ].merging(environment) { $1 }
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [self] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { append(String(decoding: data, as: UTF8.self)) }
        }
        try process.run()
    }

    private func append(_ text: String) { output.withLock { $0 += text } }

    var log: String { output.withLock { $0 } }
    var pid: Int32 { process.processIdentifier }

    /// Resident memory in kB: total, anonymous (private), file-backed (shared with other processes of the binary).
    var memory: (rss: Int, anonymous: Int, file: Int) {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            status.split(separator: "\n").first { $0.hasPrefix(name + ":") }
                .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
        }
        return (field("VmRSS"), field("RssAnon"), field("RssFile"))
    }

    /// Sends `SIGTERM` and returns the time until pilot has exited.
    func stopTimed() -> Duration {
        let start = ContinuousClock.now
        kill(process.processIdentifier, SIGTERM)
        // Polled: Foundation's waitUntilExit looks only every 50 ms.
        while process.isRunning { usleep(200) }
        return ContinuousClock.now - start
    }

    /// Whether pilot still runs.
    var isRunning: Bool { process.isRunning }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }

    static func workingDirectory(dependencies: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "pilot-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try dependencies.write(to: directory.appending(path: "serviceDependencies.json"), atomically: true, encoding: .utf8)
        return directory
    }

    /// Polls `condition` every millisecond until it holds or `timeout` passes.
    static func wait(_ what: String, timeout: Duration = .seconds(60), _ condition: () -> Bool) throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { throw BenchError("timed out waiting for \(what)") }
            usleep(1000)
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// p50, p99 and max of durations in milliseconds, formatted.
func percentiles(_ milliseconds: [Double]) -> String {
    let sorted = milliseconds.sorted()
    func at(_ fraction: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)] }
    return String(format: "p50 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)", at(0.5), at(0.99), sorted.last ?? 0, sorted.count)
}
