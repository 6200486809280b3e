import Glibc
import Synchronization

/// A supervised job as the rest of pilot sees it: its current process, how it has fared, and a stream of
/// what happens to it. The supervisor writes; health, signals and status read.
final class JobHandle: Sendable {
    /// Where the job is in its life.
    enum Phase: String, Sendable {
        /// Not started yet.
        case pending
        /// Its process runs.
        case running
        /// Its process exited and it waits to be started again.
        case restarting
        /// It will not run again.
        case stopped
    }

    private struct State {
        var phase = Phase.pending
        var pid: pid_t?
        var restarts = 0
        var lastTermination: ProcessTermination?
        var exitCode: Int32?
        var startedAt: ContinuousClock.Instant?
        var subscribers: [Int: AsyncStream<JobEvent>.Continuation] = [:]
        var nextSubscriber = 0
        var environment: [String: String] = [:]
    }

    /// The job's name.
    let name: String
    private let state = Mutex(State())

    /// Creates the handle of job `name`.
    init(name: String) {
        self.name = name
    }

    /// The running process's ID, if one runs.
    var pid: pid_t? { state.withLock { $0.pid } }
    /// Where the job is in its life.
    var phase: Phase { state.withLock { $0.phase } }
    /// How many times it was restarted.
    var restarts: Int { state.withLock { $0.restarts } }
    /// How its last process ended.
    var lastTermination: ProcessTermination? { state.withLock { $0.lastTermination } }
    /// The job as health decisions need it, read at once.
    var snapshot: Snapshot {
        state.withLock { state in
            Snapshot(
                phase: state.phase, lastTermination: state.lastTermination, restarts: state.restarts,
                runningFor: state.phase == .running ? state.startedAt.map { .now - $0 } : nil)
        }
    }

    /// A job's state at one moment.
    struct Snapshot: Sendable, Equatable {
        /// Where the job is in its life.
        var phase: Phase
        /// How its last process ended.
        var lastTermination: ProcessTermination?
        /// How many times it was restarted.
        var restarts: Int
        /// How long the current process has run, when one runs.
        var runningFor: Duration?
    }

    /// The code pilot should exit with, once the job has finished for good.
    var exitCode: Int32? { state.withLock { $0.exitCode } }

    /// The events from now on. The stream ends when the subscribing task is cancelled.
    func events() -> AsyncStream<JobEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: JobEvent.self)
        let key = state.withLock { state in
            state.nextSubscriber += 1
            state.subscribers[state.nextSubscriber] = continuation
            return state.nextSubscriber
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: key) }
        }
        return stream
    }

    /// Sends `signal` to the running process (not its group); false when none runs.
    @discardableResult
    func signal(_ signal: Int32) -> Bool {
        guard let pid else { return false }
        return ChildProcesses.shared.signal(pid, signal)
    }

    /// Records an event and passes it to every subscriber.
    func record(_ event: JobEvent) {
        let subscribers = state.withLock { state in
            switch event {
            case .started(_, let pid):
                state.phase = .running
                state.pid = pid
                state.startedAt = .now
            case .exited(_, let termination):
                state.phase = .restarting
                state.pid = nil
                state.lastTermination = termination
            case .finished(_, let exitCode):
                state.phase = .stopped
                state.pid = nil
                state.exitCode = exitCode
            }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.yield(event) }
    }

    /// Counts a restart.
    func recordRestart() {
        state.withLock { $0.restarts += 1 }
        PilotMetrics.restart(job: name)
    }

    /// Variables for the next start of the process (`POST /v3/environ`), on top of pilot's own.
    var environment: [String: String] { state.withLock { $0.environment } }

    /// Sets variables for the next start; an empty value removes one.
    func setEnvironment(_ variables: [String: String]) {
        state.withLock { state in
            for (key, value) in variables { state.environment[key] = value.isEmpty ? nil : value }
        }
    }
}
