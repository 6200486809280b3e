import TestSupport
import ConsulAPI
import Testing

/// A restarted dev agent starts its Raft index over. The watch must notice and keep delivering, both by resetting
/// after the connection failure (the default) and by Consul's documented rule for an index that goes backwards.
@Suite("Index reset when Consul restarts", .serialized)
struct IndexResetTests {
    /// Raises the agent's Raft index well above what a fresh agent starts with.
    static func raiseIndex(_ consul: ConsulClient, writes: Int = 40) async throws {
        for number in 0..<writes {
            try await consul.kv.put("filler/\(number)", string: "x")
        }
    }

    static let fastRetries = BlockingQueryPolicy(
        wait: .seconds(1),
        initialBackoff: .milliseconds(50),
        maximumBackoff: .milliseconds(400)
    )

    /// Waits until the watch has started its blocking call on `index`, so the restart surely cuts it.
    static func awaitParkedCall(_ logs: LogRecorder, index: UInt64) async throws {
        _ = try await Polling.until("the watch to park a blocking call on index \(index)") {
            logs.recorded.contains { $0.contains("Consul call starting") && $0.contains("index=\(index)&wait=") }
                ? true : nil
        }
    }

    @Test func watchKeepsDeliveringAfterTheAgentRestartsAndItsIndexStartsOver() async throws {
        let logs = LogRecorder()
        try await withConsulDevAgent(name: "restart") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress]), logger: logs.logger()) {
                consul in
                try await Self.raiseIndex(consul)
                try await consul.agent.register(AgentServiceRegistration(name: "web", id: "web-1", port: 8080))
                let oldIndex = try await Polling.until("web registered") {
                    let result = try await consul.health.service("web")
                    return result.value.isEmpty ? nil : result.meta.index
                }
                let watch = WatchRecorder(
                    consul.health.watchService("web", policy: BlockingQueryPolicy(wait: .seconds(60))) {
                        $0.map(\.instanceEndpoint)
                    }
                )
                defer { Task { await watch.cancel() } }
                _ = try await watch.delivery { $0 == ["127.0.0.1:8080"] }
                try await Self.awaitParkedCall(logs, index: oldIndex)

                try await agent.restart()
                try await consul.agent.register(AgentServiceRegistration(name: "web", id: "web-1", port: 8081))
                let newIndex = try await consul.health.service("web").meta.index
                #expect(newIndex < oldIndex, "a restarted dev agent starts its index over")

                // With a 60 s wait, only a reset index delivers this within the deadline.
                _ = try await watch.delivery(matching: { $0 == ["127.0.0.1:8081"] }, timeout: .seconds(15))
                #expect(logs.recorded.contains { $0.contains("Consul watch call failed; retrying") })
            }
        }
    }

    @Test func indexThatGoesBackwardsResetsTheLoopToZeroAsConsulDocuments() async throws {
        let logs = LogRecorder()
        try await withConsulDevAgent(name: "backwards") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress]), logger: logs.logger()) {
                consul in
                try await Self.raiseIndex(consul)
                try await consul.agent.register(AgentServiceRegistration(name: "web", id: "web-1", port: 8080))
                _ = try await Polling.until("web registered") {
                    try await consul.health.service("web").value.isEmpty ? nil : true
                }
                var policy = Self.fastRetries
                policy.resetIndexAfterConnectionFailure = false
                let watch = WatchRecorder(
                    consul.health.watchService("web", policy: policy) { $0.map(\.instanceEndpoint) }
                )
                defer { Task { await watch.cancel() } }
                _ = try await watch.delivery { $0 == ["127.0.0.1:8080"] }
                let oldIndex = try await consul.health.service("web").meta.index
                try await Self.awaitParkedCall(logs, index: oldIndex)

                try await agent.restart()
                try await consul.agent.register(AgentServiceRegistration(name: "web", id: "web-1", port: 8081))

                _ = try await watch.delivery(matching: { $0 == ["127.0.0.1:8081"] }, timeout: .seconds(15))
                #expect(
                    logs.recorded.contains {
                        $0.contains("Consul index went backwards; resetting the watch to index 0")
                    }
                )
            }
        }
    }
}
