import ConsulAPI

/// What the service's Consul check should say now, and why.
struct HealthVerdict: Sendable, Equatable {
    /// passing or critical.
    var status: HealthStatus
    /// The check's output in Consul: the ping's output, or why pilot decided without it.
    var output: String

    /// Decides the verdict from the managed process's state and the ping's result.
    ///
    /// - Parameters:
    ///   - job: the managed service's phase and last exit, or `nil` when pilot manages no process.
    ///   - ping: the health command's result, or `nil` when there is no health command.
    static func decide(job: (phase: JobHandle.Phase, lastTermination: ProcessTermination?)?, ping: TimedCommand.Result?) -> HealthVerdict {
        if let job, job.phase != .running {
            let how = job.lastTermination.map { " (\($0))" } ?? ""
            let what = job.phase == .pending ? "the service has not started yet" : "the service process is not running\(how)"
            return HealthVerdict(status: .critical, output: what)
        }
        if let ping {
            return HealthVerdict(status: ping.passed ? .passing : .critical, output: ping.output)
        }
        return HealthVerdict(
            status: .passing,
            output: job == nil ? "no health command; pilot is running" : "no health command; the service process is running")
    }
}
