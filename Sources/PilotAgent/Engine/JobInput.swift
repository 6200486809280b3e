/// What a ``JobMachine`` is told by its shell: the engine's progress, events from the hub, what became of the
/// process and the health check it was asked to run, and its timers.
enum JobInput: Hashable, Sendable {
    /// The engine is running: it stands for the global `startup` event, which the machine therefore ignores when
    /// it also arrives through the hub.
    case engineStarted
    /// A gated job may start now (the environment contract's application, once `services.json` is first written).
    case gateOpened
    /// An event from the hub (including the job's own events, which a job may react to).
    case event(EngineEvent)
    /// The process asked for by ``JobAction/startProcess`` is running. A process that could not be started is
    /// reported as exited with a non-zero status instead.
    case processStarted
    /// The process exited with this status (0 for success; the shell reports death by a signal as non-zero).
    case processExited(status: Int32)
    /// The health check asked for by ``JobAction/runHealthCheck`` passed or failed.
    case healthCheck(passed: Bool)
    /// A timer armed by ``JobAction/armTimer(_:at:)`` expired.
    case timerFired(JobTimer)
    /// The job must stop (agent shutdown, or the job was removed by a reload).
    case stopRequested
    /// A reload changed which jobs start on this job's `stopping` (its pre-stop jobs): these, by name.
    case preStopJobsChanged([String])
}
