/// How one job's service gets Consul to hold what the job wants of it, with no I/O: when to register, when to
/// retry, what to do with a verdict or a maintenance change while Consul does not hold the service, and what to
/// do when Consul turns out to have lost it. ``JobRegistrar`` feeds it outcomes and carries out its actions.
///
/// What the job wants (registered or not, which verdict, maintenance on or off) is decided by its ``JobMachine``;
/// this machine only keeps Consul in line with it. Rules:
/// - Registration is retried with backoff (250 ms doubling to `maximumBackoff`) while Consul refuses it or
///   cannot be reached; a success resets the backoff.
/// - A verdict that comes while Consul does not hold the service is kept, the newest only, and reported as soon
///   as the registration is taken; nothing is reported before.
/// - Consul losing the service (an agent restart, a deregistration by hand) makes pilot register again and
///   repeat what was lost: the verdict, or the maintenance change.
/// - Maintenance is a wish that outlives Consul's forgetting: applied after every registration, applied again
///   at the next renewal when Consul failed to take it (ContainerPilot leaves a lost one lost: its #577).
struct RegistrationMachine: Sendable {
    /// What the shell does next.
    enum Action: Equatable, Sendable {
        /// Register the service (after checking that the cluster has a leader).
        case register
        /// Send this verdict to Consul's TTL check.
        case report(HealthVerdict)
        /// Turn Consul's maintenance mode on or off.
        case applyMaintenance(on: Bool)
        /// Remove the service from Consul.
        case deregister
        /// Call ``retryDue()`` at this instant (replaces any earlier such wake-up).
        case retry(at: ContinuousClock.Instant)
    }

    /// The longest wait between registration attempts.
    let maximumBackoff: Duration
    static let initialBackoff = Duration.milliseconds(250)

    /// Whether Consul holds the registration, as far as pilot knows.
    private(set) var isRegistered = false
    /// Whether the job wants its service registered.
    private(set) var isWanted = false
    /// The maintenance pilot wants (survives Consul losing the service).
    private(set) var maintenance = false
    /// Whether Consul took the last maintenance change.
    private(set) var maintenanceApplied = true
    /// A verdict not yet reported because Consul did not hold the service.
    private(set) var pendingVerdict: HealthVerdict?
    private var backoff: Duration
    private var retryPending = false

    init(maximumBackoff: Duration) {
        self.maximumBackoff = max(maximumBackoff, Self.initialBackoff)
        backoff = Self.initialBackoff
    }

    /// The job wants its service registered.
    mutating func registrationWanted() -> [Action] {
        isWanted = true
        return isRegistered || retryPending ? [] : [.register]
    }

    /// The job has a verdict for Consul.
    mutating func verdict(_ verdict: HealthVerdict) -> [Action] {
        guard isRegistered else {
            pendingVerdict = verdict
            isWanted = true
            return retryPending ? [] : [.register]
        }
        return [.report(verdict)]
    }

    /// Consul took the registration: maintenance and the verdict that waited follow.
    mutating func registered() -> [Action] {
        isRegistered = true
        retryPending = false
        backoff = Self.initialBackoff
        var actions: [Action] = []
        if maintenance {
            maintenanceApplied = false
            actions.append(.applyMaintenance(on: true))
        }
        if let pendingVerdict {
            self.pendingVerdict = nil
            actions.append(.report(pendingVerdict))
        }
        return actions
    }

    /// The registration failed at `now` (Consul unreachable, no leader, refused): a retry after the backoff.
    mutating func registrationFailed(at now: ContinuousClock.Instant) -> [Action] {
        isRegistered = false
        guard isWanted, !retryPending else { return [] }
        retryPending = true
        let wake = now + backoff
        backoff = min(backoff * 2, maximumBackoff)
        return [.retry(at: wake)]
    }

    /// The retry wake-up came.
    mutating func retryDue() -> [Action] {
        guard retryPending else { return [] }
        retryPending = false
        return isWanted && !isRegistered ? [.register] : []
    }

    /// A report failed; `lost` when Consul answered that it no longer knows the service or its check.
    mutating func reportFailed(_ verdict: HealthVerdict, lost: Bool) -> [Action] {
        guard lost else { return [] }
        isRegistered = false
        pendingVerdict = pendingVerdict ?? verdict
        return retryPending ? [] : [.register]
    }

    /// The job wants maintenance on or off (again, for a renewal).
    mutating func maintenanceWanted(_ on: Bool) -> [Action] {
        maintenance = on
        maintenanceApplied = false
        guard isRegistered else { return isWanted && !retryPending ? [.register] : [] }
        return [.applyMaintenance(on: on)]
    }

    /// Consul took the maintenance change (`on` is the state it now has).
    mutating func maintenanceTaken(on: Bool) {
        if on == maintenance { maintenanceApplied = true }
    }

    /// Consul did not take the maintenance change; `lost` when it no longer knows the service. A lost service is
    /// registered again (and the change made after); otherwise the change waits for the next renewal.
    mutating func maintenanceFailed(lost: Bool) -> [Action] {
        maintenanceApplied = false
        guard lost else { return [] }
        isRegistered = false
        return retryPending ? [] : [.register]
    }

    /// The job no longer wants its service registered (it stops): deregister, forget what was pending.
    mutating func withdrawn() -> [Action] {
        isWanted = false
        isRegistered = false
        retryPending = false
        pendingVerdict = nil
        backoff = Self.initialBackoff
        return [.deregister]
    }
}
