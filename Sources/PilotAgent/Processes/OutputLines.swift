import Dispatch
import Glibc
import Synchronization

/// Reads a process's captured output (a pipe) as it comes and hands each line to a handler, as ContainerPilot
/// logs a job's output through its own logger unless the job sets `logging.raw`.
///
/// A line longer than ``maximumLineBytes`` is handed over in pieces of that size, so that a process writing
/// without newlines cannot make pilot hold an unbounded buffer. The descriptor is closed when the process and
/// every descendant holding the pipe have closed it.
final class OutputLines: Sendable {
    /// The longest line held before it is handed over unfinished.
    static let maximumLineBytes = 16 * 1024

    private let pending = Mutex<[UInt8]>([])
    private let drained = StartGate()
    private let channel: DispatchIO

    /// Starts reading `fileDescriptor`, giving each line (without its newline) to `line`.
    init(fileDescriptor: Int32, line: @escaping @Sendable (String) -> Void) {
        let queue = DispatchQueue(label: "pilot.job-output")
        channel = DispatchIO(type: .stream, fileDescriptor: fileDescriptor, queue: queue) { _ in
            close(fileDescriptor)
        }
        channel.setLimit(lowWater: 1)
        channel.read(offset: 0, length: Int.max, queue: queue) { [self] done, data, _ in
            let lines = split(data.map(Array.init) ?? [], flush: done)
            for text in lines { line(text) }
            if done {
                channel.close()
                drained.open()
            }
        }
    }

    /// Waits until every line has been handed over (the pipe's end was read), or `grace` has passed: a
    /// descendant that outlived the process may hold the pipe open for good.
    func drain(grace: Duration = .seconds(1)) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [drained] in await drained.wait() }
            group.addTask { try? await Task.sleep(for: grace) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Appends `bytes` and returns the lines now complete; with `flush`, the unfinished rest too.
    private func split(_ bytes: [UInt8], flush: Bool) -> [String] {
        pending.withLock { buffer in
            buffer += bytes
            var lines: [String] = []
            var start = 0
            for index in buffer.indices {
                if buffer[index] == UInt8(ascii: "\n") || index - start + 1 >= Self.maximumLineBytes {
                    let end = buffer[index] == UInt8(ascii: "\n") ? index : index + 1
                    lines.append(String(decoding: buffer[start..<end], as: UTF8.self))
                    start = index + 1
                }
            }
            buffer.removeFirst(start)
            if flush, !buffer.isEmpty {
                lines.append(String(decoding: buffer, as: UTF8.self))
                buffer.removeAll()
            }
            return lines
        }
    }
}
