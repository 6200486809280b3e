/// The decisions of the registration, with no I/O: when to register, when to run the health check, what
/// to report, when to retry, and what to do with maintenance requests. ``ServiceRegistration`` feeds it
/// what happened and carries out the actions it returns, one at a time.
///
/// Rules:
/// - Nothing is reported before the service is registered; registration is retried with backoff
///   (250 ms doubling to `maximumBackoff`) while Consul refuses or cannot be reached.
/// - A beat or a (re)start of the process runs the health check; a beat that comes while a check runs is
///   not queued twice. An exit is reported at once, without waiting for a check.
/// - Consul losing the service (an agent restart) makes pilot register again, then report.
/// - Maintenance is a wish that outlives Consul's forgetting: applied after every registration, retried
///   at the next beat when Consul failed to take it.
struct RegistrationMachine: Sendable {
    /// What the shell does next.
    enum Action: Equatable, Sendable {
        /// Register the service (its check starts critical).
        case register
        /// Start the health command; its verdict comes back through ``checkFinished(_:)``.
        case runCheck
        /// Send this verdict to Consul.
        case report(HealthVerdict)
        /// Turn Consul's maintenance mode on or off.
        case applyMaintenance(on: Bool, reason: String)
        /// Call ``retryDue(at:)`` at this instant (replaces any earlier such wake-up).
        case retry(at: ContinuousClock.Instant)
    }

    /// What a maintenance request gets.
    enum MaintenanceDecision: Equatable, Sendable {
        /// Registered: apply it now, answer with the outcome.
        case applyNow
        /// Not registered (Consul unreachable): remembered and applied once registered; answer that.
        case deferred
    }

    /// The longest wait between registration attempts.
    let maximumBackoff: Duration
    private let initialBackoff = Duration.milliseconds(250)

    /// Whether Consul holds the registration, as far as pilot knows.
    private(set) var isRegistered = false
    /// The maintenance pilot wants (survives Consul losing the service).
    private(set) var maintenance: (on: Bool, reason: String) = (false, "")
    private var maintenanceApplied = true
    private var backoff: Duration
    private var retryPending = false
    private var checkRunning = false
    private var checkWanted = false

    init(maximumBackoff: Duration) {
        self.maximumBackoff = maximumBackoff
        backoff = initialBackoff
    }

    /// The agent started: register.
    mutating func start() -> [Action] {
        [.register]
    }

    /// The check interval passed.
    mutating func beat() -> [Action] {
        guard isRegistered else { return [] }
        var actions: [Action] = []
        if !maintenanceApplied { actions.append(.applyMaintenance(on: maintenance.on, reason: maintenance.reason)) }
        return actions + wantCheck()
    }

    /// The process started or exited; `verdict` is the verdict to report at once for an exit, `nil` for a
    /// start (which runs the check now rather than at the next beat).
    mutating func processChanged(exitVerdict verdict: HealthVerdict?) -> [Action] {
        if let verdict {
            return isRegistered ? [.report(verdict)] : []
        }
        return isRegistered ? wantCheck() : []
    }

    /// A run of the health command ended with `verdict` (already combined with the process's state).
    mutating func checkFinished(_ verdict: HealthVerdict) -> [Action] {
        checkRunning = false
        var actions: [Action] = isRegistered ? [.report(verdict)] : []
        if checkWanted {
            checkWanted = false
            actions += wantCheck()
        }
        return actions
    }

    /// Consul took the registration.
    mutating func registered() -> [Action] {
        isRegistered = true
        retryPending = false
        backoff = initialBackoff
        // The check starts critical; the health command's next verdict (run now) replaces it.
        var actions: [Action] = []
        if maintenance.on { actions.append(.applyMaintenance(on: true, reason: maintenance.reason)) }
        return actions + wantCheck()
    }

    /// The registration failed at `now` (Consul unreachable, no leader, refused).
    mutating func registrationFailed(at now: ContinuousClock.Instant) -> [Action] {
        isRegistered = false
        guard !retryPending else { return [] }
        retryPending = true
        let wake = now + backoff
        backoff = min(backoff * 2, maximumBackoff)
        return [.retry(at: wake)]
    }

    /// The retry wake-up came.
    mutating func retryDue(at now: ContinuousClock.Instant) -> [Action] {
        guard retryPending else { return [] }
        retryPending = false
        return isRegistered ? [] : [.register]
    }

    /// A report reached Consul.
    mutating func reported() -> [Action] { [] }

    /// A report failed; `lost` when Consul answered that it no longer knows the service or check.
    mutating func reportFailed(lost: Bool) -> [Action] {
        guard lost else { return [] }
        isRegistered = false
        return [.register]
    }

    /// Someone asked for maintenance on or off.
    mutating func maintenanceRequested(on: Bool, reason: String) -> MaintenanceDecision {
        maintenance = (on, reason)
        maintenanceApplied = false
        return isRegistered ? .applyNow : .deferred
    }

    /// Consul took the maintenance change (`on` is the state it now has).
    mutating func maintenanceApplied(on: Bool) -> [Action] {
        if on == maintenance.on { maintenanceApplied = true }
        // Back in rotation: a verdict now, not at the next beat.
        return on ? [] : wantCheck()
    }

    /// Consul did not take the maintenance change; it is tried again at the next beat.
    mutating func maintenanceFailed() -> [Action] {
        maintenanceApplied = false
        return []
    }

    private mutating func wantCheck() -> [Action] {
        if checkRunning {
            checkWanted = true
            return []
        }
        checkRunning = true
        return [.runCheck]
    }
}
