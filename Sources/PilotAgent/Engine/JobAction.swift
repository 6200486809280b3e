import ContainerPilotConfig

/// What a ``JobMachine`` tells its shell to do, in the order given.
enum JobAction: Hashable, Sendable {
    /// Start the job's `exec`; answer with ``JobInput/processStarted`` or ``JobInput/processExited(status:)``.
    case startProcess
    /// Ask the process (its group) to stop: `SIGTERM`.
    case terminateProcess
    /// Kill the process (its group) at once: `SIGKILL`.
    case killProcess
    /// Arm the timer to fire at this instant, replacing the armed one of the same kind.
    case armTimer(JobTimer, at: ContinuousClock.Instant)
    /// Disarm the timer; a firing that was already under way is ignored by the machine.
    case cancelTimer(JobTimer)
    /// Publish the event on the hub.
    case publish(EngineEvent)
    /// Run the job's health check command; answer with ``JobInput/healthCheck(passed:)``.
    case runHealthCheck
    /// Register the job's service in Consul, with this status until the first check result (`nil`: the first
    /// result, a pass, follows at once).
    case register(initialStatus: InitialHealthStatus?)
    /// Report the health check's result to Consul (pass the TTL check, or mark it critical at once).
    case reportHealth(passing: Bool)
    /// Put the service into (`true`) or out of (`false`) Consul maintenance; the registration is kept.
    case setMaintenance(Bool)
    /// Remove the job's service from Consul.
    case deregister
    /// The job is done: nothing of it runs and no input changes it any more.
    case finished
}
