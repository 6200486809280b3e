import ConsulAPI
import Logging
import TestSupport

/// Reads what Consul holds about a service, for assertions.
struct ConsulProbe {
    let client: ConsulClient

    init(_ agent: ConsulDevAgent) throws {
        client = try ConsulClient(
            configuration: ConsulConfiguration(addresses: [agent.httpAddress]),
            logger: Logger(label: "probe", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// Every instance of `service`, with its checks.
    func instances(_ service: String) async throws -> [HealthServiceEntry] {
        try await client.health.service(service).value
    }

    /// The service's own check (`service:ID`) of its only instance, when there is exactly one.
    func serviceCheck(_ service: String) async throws -> HealthCheck? {
        let entries = try await instances(service)
        guard entries.count == 1 else { return nil }
        return entries[0].checks.first { $0.checkID.hasPrefix("service:") }
    }

    /// The service's check as the local agent holds it. An output change without a status change reaches
    /// the catalog only on Consul's `check_update_interval` (5 minutes), but the agent has it at once.
    func agentCheck(_ service: String) async throws -> HealthCheck? {
        try await client.agent.checks().values.first { $0.serviceName == service && $0.checkID.hasPrefix("service:") }
    }

    /// Waits until the service's check has `status`, and returns it.
    func waitForStatus(_ service: String, _ status: HealthStatus, timeout: Duration = .seconds(20)) async throws -> HealthCheck {
        try await Polling.until("\(service) to be \(status)", timeout: timeout) {
            let check = try await serviceCheck(service)
            return check?.status == status ? check : nil
        }
    }

    /// Waits until Consul has no instance of the service.
    func waitForNoInstances(_ service: String, timeout: Duration = .seconds(20)) async throws {
        _ = try await Polling.until("\(service) to be deregistered", timeout: timeout) {
            try await instances(service).isEmpty ? true : nil
        }
    }

    func shutdown() async {
        try? await client.shutdown()
    }
}

/// Runs `body` with a started Consul dev agent and a probe of it; stops both afterwards, also when `body`
/// throws (a client left open would crash the test process).
func withConsul(name: String, _ body: (ConsulDevAgent, ConsulProbe) async throws -> Void) async throws {
    try await withConsulDevAgent(name: name) { consul in
        let probe = try ConsulProbe(consul)
        do {
            try await body(consul, probe)
        } catch {
            await probe.shutdown()
            throw error
        }
        await probe.shutdown()
    }
}
