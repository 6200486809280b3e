import ConsulAPI
import ContainerPilotConfig
import DiscoveryModel
import Logging

/// The Consul side of one job's service, for both front ends: its registration with a TTL check, the check's
/// verdicts, maintenance and deregistration, as the job's ``JobRunner`` is told by its ``JobMachine``. What to
/// send when is decided by a ``RegistrationMachine``; this shell makes the calls, each bounded by ``callLimit``,
/// and tells the runner when to wake it for a retry (``takeRetry()``).
///
/// Before registering it asks whether the cluster has a leader: a Consul client agent that has not joined yet
/// answers but cannot take a registration.
struct JobRegistrar: Sendable {
    /// What is registered: the service and its TTL check (its status is set from `initial_status`).
    let registration: AgentServiceRegistration
    /// The TTL check's ID.
    let checkID: String
    let client: ConsulClient
    /// Where the registration's state is shown (the environment contract's registration), if anywhere.
    let status: AgentStatus?
    let logger: Logger

    /// The longest one call to Consul may hold the job's runner: a stop request waits behind it, and a Consul
    /// that accepts connections but never answers must not keep a `SIGTERM` waiting for the client's 30 s.
    static let callLimit = Duration.seconds(3)

    /// The reason Consul shows for maintenance.
    var maintenanceReason = "maintenance mode"
    private var machine: RegistrationMachine
    private var link: ConsulLinkState
    private var initialStatus: InitialHealthStatus?
    private var retryAt: ContinuousClock.Instant?
    private var lastMaintenanceError: String?
    /// The maintenance state Consul last took, for logging changes only (renewals repeat it).
    private var maintenanceShown = false

    /// A registrar for `registration`, whose TTL check is `checkID`; registration is retried up to every
    /// `maximumBackoff`. With `consulPatience` (pilot started the Consul agent), failures to reach Consul that
    /// soon after start are the agent starting, not errors.
    init(
        registration: AgentServiceRegistration, checkID: String, maximumBackoff: Duration, client: ConsulClient,
        status: AgentStatus? = nil, consulPatience: Duration = .zero, logger: Logger
    ) {
        self.registration = registration
        self.checkID = checkID
        self.client = client
        self.status = status
        var logger = logger
        logger[metadataKey: "service"] = "\(registration.id ?? registration.name)"
        self.logger = logger
        machine = RegistrationMachine(maximumBackoff: maximumBackoff)
        link = ConsulLinkState(logger: logger, patience: consulPatience)
    }

    /// The service's ID in Consul.
    var serviceID: String { registration.id ?? registration.name }

    /// The instant the runner must call ``retryDue()`` at, once; `nil` when no retry is wanted.
    mutating func takeRetry() -> ContinuousClock.Instant? {
        defer { retryAt = nil }
        return retryAt
    }

    /// Registers the service, its check at `initialStatus` until the first verdict (`nil`: Consul's default,
    /// critical).
    mutating func register(initialStatus: InitialHealthStatus?) async {
        self.initialStatus = initialStatus
        await perform(machine.registrationWanted())
    }

    /// Sends a verdict: a pass, or critical at once.
    mutating func report(_ verdict: HealthVerdict) async {
        await perform(machine.verdict(verdict))
    }

    /// Puts the service into or out of maintenance; the registration is kept. Asked again each check interval in
    /// maintenance, which restores a registration Consul lost.
    mutating func setMaintenance(_ on: Bool) async {
        await perform(machine.maintenanceWanted(on))
    }

    /// The wake-up asked for by ``takeRetry()`` came.
    mutating func retryDue() async {
        await perform(machine.retryDue())
    }

    /// Removes the service from Consul, within ``callLimit``.
    mutating func deregister() async {
        retryAt = nil
        await perform(machine.withdrawn())
    }

    /// What a request for maintenance `on` is answered with, once the registrar has acted on it: done; the Consul
    /// error; or ``MaintenanceDeferred`` when Consul does not hold the registration now.
    func maintenanceAnswer(on: Bool) -> Result<Void, any Error> {
        guard machine.isRegistered else { return .failure(MaintenanceDeferred(on: on, lastError: link.lastFailure)) }
        if machine.maintenanceApplied { return .success(()) }
        return .failure(MaintenanceFailed(on: on, reason: lastMaintenanceError ?? "Consul did not take it"))
    }

    private mutating func perform(_ initial: [RegistrationMachine.Action]) async {
        var actions = initial
        while !actions.isEmpty {
            switch actions.removeFirst() {
            case .register:
                if await hasLeader(), await registerNow() {
                    actions += machine.registered()
                } else {
                    actions += machine.registrationFailed(at: .now)
                }
            case .report(let verdict):
                actions += await send(verdict)
            case .applyMaintenance(let on):
                actions += await applyMaintenance(on)
            case .deregister:
                await deregisterNow()
            case .retry(let instant):
                logger.debug("retrying registration", metadata: ["in": "\(instant - .now)"])
                retryAt = instant
            }
        }
    }

    /// Whether the cluster has a leader.
    private mutating func hasLeader() async -> Bool {
        do {
            let leader = try await Deadline.run(within: Self.callLimit) { [client] in try await client.status.leader() }
            if leader.isEmpty {
                link.failed(ConsulLinkState.NoLeader(), doing: "register")
                return false
            }
            return true
        } catch {
            link.failed(error, doing: "reach Consul")
            return false
        }
    }

    /// Registers (again); whether Consul took it.
    private mutating func registerNow() async -> Bool {
        var registration = registration
        if var check = registration.check {
            check.status = initialStatus.map { HealthStatus(rawValue: $0.rawValue) } ?? check.status
            registration.check = check
        }
        do {
            try await Deadline.run(within: Self.callLimit) { [client, registration] in
                try await client.agent.register(registration)
            }
            link.succeeded()
            status?.setRegistered(true)
            logger.info(
                "registered",
                metadata: ["address": "\(registration.address ?? "")", "port": "\(registration.port ?? 0)"])
            return true
        } catch {
            link.failed(error, doing: "register")
            return false
        }
    }

    private mutating func send(_ verdict: HealthVerdict) async -> [RegistrationMachine.Action] {
        initialStatus = nil
        do {
            try await Deadline.run(within: Self.callLimit) { [client, checkID] in
                try await client.agent.updateCheck(checkID, status: verdict.status, output: verdict.output)
            }
            link.succeeded()
            link.reported(verdict)
            status?.setCheck(status: verdict.status.rawValue, output: verdict.output)
            PilotMetrics.healthCheck(passed: verdict.status == .passing)
            return []
        } catch let error as ConsulError where Self.isLostRegistration(error) {
            lost()
            return machine.reportFailed(verdict, lost: true)
        } catch {
            link.failed(error, doing: "update the health check")
            return machine.reportFailed(verdict, lost: false)
        }
    }

    private mutating func applyMaintenance(_ on: Bool) async -> [RegistrationMachine.Action] {
        do {
            try await Deadline.run(within: Self.callLimit) { [client, serviceID, maintenanceReason] in
                if on {
                    try await client.agent.enableMaintenance(serviceID: serviceID, reason: maintenanceReason)
                } else {
                    try await client.agent.disableMaintenance(serviceID: serviceID)
                }
            }
            let changed = maintenanceShown != on
            maintenanceShown = on
            lastMaintenanceError = nil
            machine.maintenanceTaken(on: on)
            status?.setMaintenance(on)
            if changed { logger.notice(on ? "maintenance on: \(maintenanceReason)" : "maintenance off") }
            return []
        } catch let error as ConsulError where Self.isLostRegistration(error) {
            lost()
            lastMaintenanceError = "\(error)"
            return machine.maintenanceFailed(lost: true)
        } catch {
            lastMaintenanceError = "\(error)"
            link.failed(error, doing: "change maintenance")
            return machine.maintenanceFailed(lost: false)
        }
    }

    private mutating func deregisterNow() async {
        do {
            try await Deadline.run(within: Self.callLimit) { [client, serviceID] in
                try await client.agent.deregister(serviceID: serviceID)
            }
            status?.setRegistered(false)
            logger.info("deregistered")
        } catch {
            logger.error("could not deregister: \(error)")
        }
    }

    private func lost() {
        logger.warning("Consul no longer knows the service; registering it again")
        status?.setRegistered(false)
    }

    /// Whether Consul's answer means it no longer has the service or its check (an agent restart, dev data gone).
    static func isLostRegistration(_ error: ConsulError) -> Bool {
        if error.code == .notFound { return true }
        let message = (error.consulMessage ?? "").lowercased()
        return message.contains("does not have associated ttl") || message.contains("unknown check")
            || message.contains("not found")
    }
}

extension JobRegistrar {
    /// The registrar of a ContainerPilot job's service. IDs are ContainerPilot's, so that dashboards and scripts
    /// keep working: the service ID is `<job>-<hostname>`, its check `service:<service ID>`.
    static func containerPilot(
        job: JobConfiguration, service: ServiceDefinition, address: IPAddress, client: ConsulClient,
        status: AgentStatus? = nil, logger: Logger
    ) -> JobRegistrar {
        let serviceID = "\(job.name)-\(ProcessEnvironment.hostname)"
        let checkID = "service:\(serviceID)"
        var check = AgentServiceCheck.ttl(
            job.health?.ttl ?? .seconds(15), checkID: checkID, name: checkID,
            deregisterCriticalServiceAfter: service.consul.deregisterCriticalServiceAfter)
        check.notes = "TTL for \(job.name) set by pilot"
        let registration = AgentServiceRegistration(
            name: job.name, id: serviceID, address: address.description, port: service.port, tags: service.tags,
            meta: service.meta, enableTagOverride: service.consul.enableTagOverride, check: check)
        var logger = logger
        logger[metadataKey: "job"] = "\(job.name)"
        return JobRegistrar(
            registration: registration, checkID: checkID, maximumBackoff: job.health?.interval ?? .seconds(5),
            client: client, status: status, logger: logger)
    }
}
