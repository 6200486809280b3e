import DiscoveryModel
import Glibc
import NIOCore
import Synchronization

/// A command run once with a timeout, after which its whole process group is killed, and its output
/// captured: the health command (`./ping`, whose output goes to Consul) and the `--on-change` command.
/// After each run, however it ended, its descendants that left the process group are killed too (see
/// ``DescendantSweep``).
struct TimedCommand: Sendable {
    /// The result of one run.
    struct Result: Sendable, Equatable {
        /// Whether it exited 0 in time.
        var passed: Bool
        /// What it printed, or what went wrong, for the check's output in Consul.
        var output: String
        /// How long it ran.
        var duration: Duration
    }

    private enum Outcome: Sendable {
        case exited(ProcessTermination)
        case timedOut
        case timerCancelled
    }

    /// The command; the first word is the program.
    var arguments: [String]
    /// The longest a run may take.
    var timeout: Duration
    /// The environment it runs with.
    var environment: [String: String]
    /// Where its output is read (pilot's one event loop).
    var eventLoopGroup: any EventLoopGroup

    /// Whether the program exists, so that without it the check can follow the service's liveness.
    var exists: Bool {
        let program = arguments[0]
        guard program.contains("/") else { return true }
        return access(program, F_OK) == 0
    }

    /// Runs the command once.
    func run() async -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let spawned: (pid: pid_t, output: Int32?)
        let marker = Self.newMarker()
        var environment = environment
        environment[DescendantSweep.markerVariable] = marker
        do {
            spawned = try ChildProcesses.shared.spawn(
                SpawnRequest(arguments: arguments, environment: environment, output: .capture))
        } catch {
            return Result(passed: false, output: "\(error)", duration: clock.now - start)
        }
        let output = CapturedOutput(fileDescriptor: spawned.output!, eventLoopGroup: eventLoopGroup)
        let pid = spawned.pid
        // A cancelled health checker must not leave its check running.
        let (termination, timedOut) = await withTaskCancellationHandler {
            await withTaskGroup(of: Outcome.self) { group in
                group.addTask { .exited(await ChildProcesses.shared.termination(of: pid)) }
                group.addTask { [timeout] in
                    try? await Task.sleep(for: timeout)
                    guard !Task.isCancelled else { return .timerCancelled }
                    ChildProcesses.shared.signal(pid, SIGKILL, group: true)
                    return .timedOut
                }
                var timedOut = false
                while let next = await group.next() {
                    switch next {
                    case .exited(let termination):
                        group.cancelAll()
                        return (termination, timedOut)
                    case .timedOut:
                        timedOut = true
                    case .timerCancelled:
                        break
                    }
                }
                preconditionFailure("the exit of a spawned process always arrives")
            }
        } onCancel: {
            ChildProcesses.shared.signal(pid, SIGKILL, group: true)
        }
        ChildProcesses.shared.signal(pid, SIGKILL, group: true)
        // Before the output is read: an escapee holding the pipe open would otherwise delay the end.
        DescendantSweep.sweep(marker: marker, protected: ChildProcesses.shared.running)
        ChildProcesses.shared.forget(pid)
        let duration = clock.now - start
        var text = await output.text()
        func note(_ line: String) {
            while text.hasSuffix("\n") { text.removeLast() }
            text += (text.isEmpty ? "" : "\n") + line
        }
        if timedOut {
            note("\(arguments[0]) timed out after \(DurationText.format(timeout)) and was killed")
            return Result(passed: false, output: text, duration: duration)
        }
        if !termination.isSuccess {
            note("\(arguments[0]) failed: \(termination)")
        }
        return Result(passed: termination.isSuccess, output: text, duration: duration)
    }

    /// A value unique to one run: pilot's process ID, a counter, and random bits.
    private static func newMarker() -> String {
        let number = runCounter.add(1, ordering: .relaxed).newValue
        return "\(getpid())-\(number)-\(String(UInt64.random(in: .min ... .max), radix: 16))"
    }

    private static let runCounter = Atomic<Int>(0)
}
