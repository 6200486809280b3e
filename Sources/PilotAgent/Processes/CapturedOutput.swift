import Dispatch
import Glibc
import Synchronization

/// Reads a child's output pipe to its end in the background, keeping at most `limit` bytes (Consul keeps
/// 4 KB of a check's output; more would only cost memory).
final class CapturedOutput: Sendable {
    private struct State {
        var bytes: [UInt8] = []
        var truncated = false
        var finished = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let channel: DispatchIO

    /// Starts reading `fileDescriptor`, which this object then owns and closes.
    init(fileDescriptor: Int32, limit: Int = 4096) {
        let queue = DispatchQueue(label: "pilot.output")
        channel = DispatchIO(type: .stream, fileDescriptor: fileDescriptor, queue: queue) { _ in
            close(fileDescriptor)
        }
        channel.read(offset: 0, length: Int.max, queue: queue) { [state = self.stateBox] done, data, _ in
            state.append(data.map(Array.init) ?? [], limit: limit, done: done)
        }
    }

    /// The output once the pipe is closed (every writer has exited), or after `grace` if a straggler that
    /// left the process group still holds it open; then reading stops.
    func text(grace: Duration = .seconds(1)) async -> String {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [stateBox] in await stateBox.waitUntilFinished() }
            group.addTask { try? await Task.sleep(for: grace) }
            await group.next()
            group.cancelAll()
            stateBox.finish()
            await group.waitForAll()
        }
        channel.close(flags: .stop)
        return stateBox.text
    }

    private var stateBox: StateBox { StateBox(owner: self) }

    /// Gives the I/O callback and the waiters access to the state without capturing the DispatchIO.
    private struct StateBox: Sendable {
        let owner: CapturedOutput

        func append(_ data: [UInt8], limit: Int, done: Bool) {
            let waiters = owner.state.withLock { state -> [CheckedContinuation<Void, Never>] in
                let room = limit - state.bytes.count
                if room > 0 { state.bytes += data.prefix(room) }
                if data.count > max(room, 0) { state.truncated = true }
                guard done else { return [] }
                state.finished = true
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }

        func finish() {
            append([], limit: Int.max, done: true)
        }

        func waitUntilFinished() async {
            await withCheckedContinuation { continuation in
                let finished = owner.state.withLock { state in
                    if !state.finished { state.waiters.append(continuation) }
                    return state.finished
                }
                if finished { continuation.resume() }
            }
        }

        var text: String {
            owner.state.withLock { state in
                String(decoding: state.bytes, as: UTF8.self) + (state.truncated ? "\n[output truncated]" : "")
            }
        }
    }
}
