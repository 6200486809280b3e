import Dispatch
import Glibc
import Synchronization

/// The one owner of spawning and reaping in pilot.
///
/// Every child (the managed service, health checks, the Consul client agent) is started here, and one
/// SIGCHLD handler reaps every exited child with `waitpid(-1)`: pilot's own children, whose statuses go
/// to whoever waits for them, and, when pilot is PID 1, orphans reparented to it, which are reaped and
/// counted. Nothing else in pilot may call `waitpid` or use Foundation's `Process`, or the two would race
/// for exit statuses. A lock held across `posix_spawn` and the reaper's `waitpid` makes sure a child is
/// known before its status can be collected, however fast it exits.
final class ChildProcesses: Sendable {
    /// The process-wide instance; there can be only one reaper.
    static let shared = ChildProcesses()

    private enum Child {
        case running(waiters: [CheckedContinuation<ProcessTermination, Never>])
        case exited(ProcessTermination)
    }

    private struct State {
        var children: [pid_t: Child] = [:]
        var orphansReaped = 0
    }

    private let state = Mutex(State())
    private nonisolated(unsafe) let source: any DispatchSourceSignal

    private init() {
        // An inherited SIG_IGN would make the kernel reap children itself, and waitpid would find none.
        Glibc.signal(SIGCHLD, SIG_DFL)
        let queue = DispatchQueue(label: "pilot.reaper")
        source = DispatchSource.makeSignalSource(signal: SIGCHLD, queue: queue)
        source.setEventHandler { ChildProcesses.shared.reap() }
        source.resume()
    }

    /// How many processes that pilot did not start (orphans, when pilot is PID 1) it has reaped.
    var orphansReaped: Int { state.withLock { $0.orphansReaped } }

    /// Starts a child.
    ///
    /// - Returns: its process ID and, with `.capture`, the read end of its output pipe.
    /// - Throws: ``SpawnError`` when the program cannot be started (not found, not executable).
    func spawn(_ request: SpawnRequest) throws(SpawnError) -> (pid: pid_t, output: Int32?) {
        let program = request.arguments[0]
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if request.newProcessGroup {
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        // The child starts with no signal blocked and every signal at its default action: pilot ignores
        // SIGTERM and others to receive them through Dispatch, and an ignored signal stays ignored across exec.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in 1..<Int32(32) where signal != SIGKILL && signal != SIGSTOP {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let capture: Bool
        if case .capture = request.output { capture = true } else { capture = false }

        let argv = request.arguments.map { strdup($0) } + [nil]
        let envp = request.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        var pipeEnds: [Int32] = [-1, -1]
        // Under the lock, so that no other child started meanwhile inherits the pipe before it is close-on-exec.
        let result = state.withLock { state -> Int32 in
            if capture {
                guard pipe(&pipeEnds) == 0 else { return errno }
                _ = fcntl(pipeEnds[0], F_SETFD, FD_CLOEXEC)
                _ = fcntl(pipeEnds[1], F_SETFD, FD_CLOEXEC)
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
                posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
                posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2)
            }
            let result = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
            if result == 0 { state.children[pid] = .running(waiters: []) }
            return result
        }
        if pipeEnds[1] >= 0 { close(pipeEnds[1]) }
        guard result == 0 else {
            if pipeEnds[0] >= 0 { close(pipeEnds[0]) }
            throw SpawnError(program: program, code: result)
        }
        return (pid, pipeEnds[0] >= 0 ? pipeEnds[0] : nil)
    }

    /// Waits until child `pid` has exited and returns how; at once if it already has.
    ///
    /// Several tasks may wait for the same child. Cancelling the waiting task does not end the wait: stop
    /// the child instead (``signal(_:_:)``), and its exit ends every wait.
    func termination(of pid: pid_t) async -> ProcessTermination {
        await withCheckedContinuation { continuation in
            let finished: ProcessTermination? = state.withLock { state in
                switch state.children[pid] {
                case .exited(let termination):
                    return termination
                case .running(var waiters):
                    waiters.append(continuation)
                    state.children[pid] = .running(waiters: waiters)
                    return nil
                case nil:
                    // Not a child of ours, or already collected: report it as gone.
                    return .exited(0)
                }
            }
            if let finished { continuation.resume(returning: finished) }
        }
    }

    /// Forgets a child whose exit has been handled, so the table does not grow.
    func forget(_ pid: pid_t) {
        state.withLock { state in
            if case .exited = state.children[pid] { state.children[pid] = nil }
        }
    }

    /// Sends `signal` to child `pid`, or to its whole process group when `group` is true.
    ///
    /// A child that has exited is not signalled, so a recycled process ID can never be hit; its group still
    /// is, until the child is forgotten, since grandchildren may outlive their leader and Linux does not
    /// reuse a number while a process group holds it.
    @discardableResult
    func signal(_ pid: pid_t, _ signal: Int32, group: Bool = false) -> Bool {
        state.withLock { state in
            switch state.children[pid] {
            case .running: return kill(group ? -pid : pid, signal) == 0
            case .exited: return group && kill(-pid, signal) == 0
            case nil: return false
            }
        }
    }

    /// Kills the process group of every child still running: the last resort of a shutdown that did not
    /// finish in time.
    func killEveryChild() {
        state.withLock { state in
            for (pid, child) in state.children {
                if case .running = child { kill(-pid, SIGKILL) }
            }
        }
    }

    private func reap() {
        var resumptions: [(CheckedContinuation<ProcessTermination, Never>, ProcessTermination)] = []
        state.withLock { state in
            while true {
                var status: Int32 = 0
                let pid = waitpid(-1, &status, WNOHANG)
                if pid == 0 { break }
                if pid < 0 {
                    if errno == EINTR { continue }
                    break  // ECHILD: no children left
                }
                let termination = ProcessTermination(waitStatus: status)
                switch state.children[pid] {
                case .running(let waiters):
                    state.children[pid] = .exited(termination)
                    resumptions += waiters.map { ($0, termination) }
                case .exited, nil:
                    state.orphansReaped += 1
                }
            }
        }
        for (continuation, termination) in resumptions { continuation.resume(returning: termination) }
    }
}
