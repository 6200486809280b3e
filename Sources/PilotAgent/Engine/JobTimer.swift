/// The timers a ``JobMachine`` asks its shell to run; at most one of each kind is armed per job.
enum JobTimer: Hashable, Sendable, CaseIterable {
    /// The next run of a periodic job (`when.interval`).
    case interval
    /// The end of the wait for the job's `when` event (`when.timeout`).
    case startTimeout
    /// The end of the time the process may run (`timeout`); the process is then killed.
    case runTimeout
    /// The end of a stopping job's wait for its pre-stop jobs, or for its process to exit after `SIGTERM`
    /// (`stopTimeout`).
    case stopTimeout
    /// The next health check (`health.interval`).
    case healthCheck
    /// The end of the pause before a supervised job's process is started again (its restart backoff).
    case restartDelay
}
