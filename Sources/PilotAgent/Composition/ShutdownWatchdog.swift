import Dispatch
import DiscoveryModel
import Glibc
import Synchronization
import Logging
import ServiceLifecycle

/// Makes sure pilot ends once shutdown has begun, whatever state a part is in: no SIGTERM is ever
/// ignored for good.
///
/// It is the last service of the group, so the first to hear of shutdown (services are told in reverse
/// order). It then arms a timer on a Dispatch queue, outside Swift concurrency, so a stuck task cannot
/// hold it up. When pilot is still running at `limit`, every child's process group is killed and pilot
/// exits with status 1, saying so on standard error.
struct ShutdownWatchdog: Service, CustomStringConvertible {
    /// The longest pilot may take from the start of shutdown to its exit.
    let limit: Duration
    let logger: Logger

    var description: String { "ShutdownWatchdog(\(DurationText.format(limit)))" }

    func run() async throws {
        try? await gracefulShutdown()
        Self.arm(limit: limit)
    }

    /// Arms the timer (once; later calls do nothing).
    static func arm(limit: Duration) {
        guard armed.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        DispatchQueue(label: "pilot.shutdown-watchdog").asyncAfter(deadline: .now() + .nanoseconds(Int(limit.nanoseconds))) {
            StandardError.write("pilot: shutdown did not finish within \(DurationText.format(limit)); killing every child and exiting")
            ChildProcesses.shared.killEveryChild()
            _exit(1)
        }
    }

    private static let armed = Atomic<Bool>(false)
}
