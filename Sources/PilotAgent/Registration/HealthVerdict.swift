import ConsulAPI
import DiscoveryModel

/// What the service's Consul check should say now, and why.
struct HealthVerdict: Sendable, Equatable {
    /// passing or critical.
    var status: HealthStatus
    /// The check's output in Consul: the ping's output, or why pilot decided without it.
    var output: String

    /// Decides the verdict from the managed process's state and the ping's result.
    ///
    /// - Parameters:
    ///   - job: the managed service's state, or `nil` when pilot manages no process.
    ///   - ping: the health command's result, or `nil` when there is no health command (or it was not run).
    ///   - settleTime: without a health command, how long a RESTARTED process must run before it counts as
    ///     passing: a service in a crash loop would otherwise flip to passing on every restart and draw
    ///     traffic it cannot serve. A first start passes at once.
    static func decide(job: JobHandle.Snapshot?, ping: TimedCommand.Result?, settleTime: Duration) -> HealthVerdict {
        if let job, job.phase != .running {
            let how = job.lastTermination.map { " (\($0))" } ?? ""
            let what = job.phase == .pending ? "the service has not started yet" : "the service process is not running\(how)"
            return HealthVerdict(status: .critical, output: what)
        }
        if let ping {
            return HealthVerdict(status: ping.passed ? .passing : .critical, output: ping.output)
        }
        if let job, job.restarts > 0, (job.runningFor ?? .zero) < settleTime {
            return HealthVerdict(
                status: .critical,
                output: "no health command; the service was restarted \(job.restarts) times and counts as passing "
                    + "once it has run for \(DurationText.format(settleTime))")
        }
        return HealthVerdict(
            status: .passing,
            output: job == nil ? "no health command; pilot is running" : "no health command; the service process is running")
    }
}
