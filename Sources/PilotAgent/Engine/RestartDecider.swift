/// The pure decision behind restarts: given how a run ended and how long it lasted, restart after how
/// long, or stop. Backoff doubles from `initialDelay` to `maximumDelay`, and starts over once a run has
/// lasted `stableAfter`, so a service that crashes once a day restarts at once, not after minutes.
struct RestartDecider: Sendable {
    /// What the decider concluded.
    enum Decision: Equatable, Sendable {
        /// Start the process again after this delay.
        case restart(after: Duration)
        /// Do not restart; pilot should exit with this code.
        case stop(exitCode: Int32)
    }

    /// The policy.
    var policy: RestartPolicy
    /// The first delay.
    var initialDelay: Duration = .milliseconds(100)
    /// The longest delay.
    var maximumDelay: Duration = .seconds(30)
    /// A run at least this long resets the backoff.
    var stableAfter: Duration = .seconds(10)
    /// The delay the next crash will get.
    private(set) var nextDelay: Duration? = nil
    /// How many restarts so far.
    private(set) var restarts = 0

    init(policy: RestartPolicy) {
        self.policy = policy
    }

    /// Decides what follows a run that ended with `termination` after `runTime`.
    mutating func decide(after termination: ProcessTermination, runTime: Duration) -> Decision {
        decide(exitStatus: termination.shellExitCode, runTime: runTime)
    }

    /// The decision after an exit with `exitStatus` (0 for success, `128 + n` for death by signal `n`, as a
    /// shell reports it) of a process that ran for `runTime`.
    mutating func decide(exitStatus: Int32, runTime: Duration) -> Decision {
        let restart: Bool
        switch policy {
        case .never: restart = false
        case .onFailure: restart = exitStatus != 0
        case .always: restart = true
        }
        guard restart else { return .stop(exitCode: exitStatus) }
        if runTime >= stableAfter { nextDelay = nil }
        let delay = nextDelay ?? initialDelay
        nextDelay = min(delay * 2, maximumDelay)
        restarts += 1
        return .restart(after: delay)
    }
}
