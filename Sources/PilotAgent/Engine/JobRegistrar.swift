import ConsulAPI
import ContainerPilotConfig
import DiscoveryModel
import Logging

/// The Consul side of one job's service: its registration with a TTL check, the check's reports, maintenance
/// and deregistration, as a ``JobRunner`` is told by its machine.
///
/// IDs are ContainerPilot's, so that dashboards and scripts keep working: the service ID is
/// `<job>-<hostname>`, its check `service:<service ID>`.
///
/// Consul may lose a registration while pilot runs (its agent restarted, or the service was deregistered by
/// hand). A report or a maintenance change that Consul refuses for that reason registers the service again and
/// repeats itself; a registration that failed (Consul unreachable) is tried again before the next report. In
/// maintenance no check runs, so the machine renews the maintenance state at each check interval, and a lost
/// registration is restored with its maintenance (ContainerPilot leaves it lost: its #577).
struct JobRegistrar: Sendable {
    let job: JobConfiguration
    let service: ServiceDefinition
    let address: IPAddress
    let client: ConsulClient
    let logger: Logger

    /// The longest one call to Consul may hold the job's runner: a stop request waits behind it, and a Consul
    /// that accepts connections but never answers must not keep a `SIGTERM` waiting for the client's 30 s.
    static let callLimit = Duration.seconds(3)

    /// Whether Consul is believed to hold the registration.
    private(set) var isRegistered = false
    /// The status to register with until the first report, from `initial_status`.
    private var initialStatus: InitialHealthStatus?
    /// Whether the service is in maintenance, to be restored on re-registration.
    private var inMaintenance = false

    init(job: JobConfiguration, service: ServiceDefinition, address: IPAddress, client: ConsulClient, logger: Logger) {
        self.job = job
        self.service = service
        self.address = address
        self.client = client
        self.logger = logger
    }

    /// The service ID: `<job>-<hostname>`.
    var serviceID: String { "\(job.name)-\(ProcessEnvironment.hostname)" }

    /// The TTL check's ID.
    var checkID: String { "service:\(serviceID)" }

    /// What is sent to Consul.
    var registration: AgentServiceRegistration {
        let ttl = job.health?.ttl ?? .seconds(15)
        var check = AgentServiceCheck.ttl(
            ttl, checkID: checkID, name: checkID,
            deregisterCriticalServiceAfter: service.consul.deregisterCriticalServiceAfter)
        check.notes = "TTL for \(job.name) set by pilot"
        check.status = initialStatus.map { HealthStatus(rawValue: $0.rawValue) }
        return AgentServiceRegistration(
            name: job.name, id: serviceID, address: address.description, port: service.port, tags: service.tags,
            meta: service.meta, enableTagOverride: service.consul.enableTagOverride, check: check)
    }

    /// Registers the service, with `initialStatus` until the first report.
    mutating func register(initialStatus: InitialHealthStatus?) async {
        self.initialStatus = initialStatus
        _ = await registerNow()
    }

    /// Sends a check result: a pass, or critical at once for a failure.
    mutating func report(passing: Bool, output: String) async {
        initialStatus = nil
        if !isRegistered, !(await registerNow()) { return }
        do {
            try await updateCheck(passing: passing, output: output)
        } catch let error as ConsulError where ServiceRegistration.isLostRegistration(error) {
            logger.warning("Consul no longer knows the service; registering it again", metadata: metadata)
            if await registerNow() { try? await updateCheck(passing: passing, output: output) }
        } catch {
            logger.warning("could not report the health check: \(error)", metadata: metadata)
        }
    }

    /// Puts the service into or out of maintenance; the registration is kept.
    mutating func setMaintenance(_ on: Bool) async {
        let changed = on != inMaintenance
        inMaintenance = on
        if !isRegistered, !(await registerNow()) { return }
        do {
            try await applyMaintenance(on)
        } catch let error as ConsulError where ServiceRegistration.isLostRegistration(error) {
            logger.warning("Consul no longer knows the service; registering it again", metadata: metadata)
            if await registerNow() { try? await applyMaintenance(on) }
        } catch {
            logger.warning("could not change maintenance: \(error)", metadata: metadata)
            return
        }
        if changed { logger.info(on ? "maintenance on" : "maintenance off", metadata: metadata) }
    }

    /// Removes the service from Consul, within 3 seconds.
    mutating func deregister() async {
        isRegistered = false
        do {
            try await Deadline.run(within: Self.callLimit) { [client, serviceID] in
                try await client.agent.deregister(serviceID: serviceID)
            }
            logger.info("deregistered", metadata: metadata)
        } catch {
            logger.error("could not deregister: \(error)", metadata: metadata)
        }
    }

    private func applyMaintenance(_ on: Bool) async throws {
        try await Deadline.run(within: Self.callLimit) { [client, serviceID] in
            if on {
                try await client.agent.enableMaintenance(serviceID: serviceID, reason: "maintenance mode")
            } else {
                try await client.agent.disableMaintenance(serviceID: serviceID)
            }
        }
    }

    private func updateCheck(passing: Bool, output: String) async throws {
        try await Deadline.run(within: Self.callLimit) { [client, checkID] in
            try await client.agent.updateCheck(checkID, status: passing ? .passing : .critical, output: output)
        }
    }

    /// Registers (again), restoring maintenance; `false` when Consul did not take it.
    private mutating func registerNow() async -> Bool {
        do {
            try await Deadline.run(within: Self.callLimit) { [client, registration] in
                try await client.agent.register(registration)
            }
            isRegistered = true
            logger.info(
                "registered", metadata: metadata.merging(["address": "\(address)", "port": "\(service.port)"]) { $1 })
            if inMaintenance { try await applyMaintenance(true) }
            return true
        } catch {
            isRegistered = false
            logger.warning("could not register: \(error)", metadata: metadata)
            return false
        }
    }

    private var metadata: Logger.Metadata { ["job": "\(job.name)", "service": "\(serviceID)"] }
}
