import ConsulAPI
import Logging
import TestSupport

/// A real Consul dev agent and a client to it, for the length of one benchmark.
enum BenchConsul {
    /// Starts an agent, runs `body` with it and a client, then shuts the client down and stops the agent, also
    /// when `body` throws.
    static func with<Result>(
        name: String, _ body: (ConsulDevAgent, ConsulClient) async throws -> Result
    ) async throws -> Result {
        let consul = try ConsulDevAgent(name: name)
        try await consul.start()
        defer { consul.stop() }
        let client = try ConsulClient(
            configuration: ConsulConfiguration(addresses: [consul.httpAddress]),
            logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        do {
            let result = try await body(consul, client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// The one dependency of the idle scenarios, `db`, with one instance, so services.json holds something.
    static func registerOneDatabase(_ client: ConsulClient) async throws {
        try await client.agent.register(
            AgentServiceRegistration(name: "db", id: "db-1", address: "192.0.2.1", port: 5432))
    }
}
