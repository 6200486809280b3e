import TestSupport
import ConsulAPI
import Testing

/// A list of addresses fails over to the next on connection errors, and an error names every address tried.
@Suite("Address failover against a real Consul", .serialized)
struct FailoverTests {
    @Test func firstAddressDeadSecondAliveSucceedsAndStaysOnTheLiveOne() async throws {
        let logs = LogRecorder()
        let deadPort = FreePorts.take(1)[0]
        try await withConsulDevAgent(name: "failover") { agent in
            let environment = ["CONSUL_ADDR": "127.0.0.1:\(deadPort),127.0.0.1:\(agent.ports.http)"]
            let configuration = try ConsulConfiguration.fromEnvironment(environment)
            try await withConsulClient(configuration, logger: logs.logger()) { consul in
                let started = ContinuousClock.now
                #expect(try await consul.status.leader().isEmpty == false)
                #expect(ContinuousClock.now - started < .seconds(1), "a refused connection fails over at once")

                let failovers = logs.recorded.filter { $0.contains("trying the next one") }
                #expect(failovers.count == 1)
                #expect(failovers.first?.contains("127.0.0.1:\(deadPort)") == true)

                _ = try await consul.catalog.datacenters()
                #expect(
                    logs.recorded.filter { $0.contains("trying the next one") }.count == 1,
                    "went back to the dead one"
                )
            }
        }
    }

    @Test func refusedConnectionErrorSaysWhichAddressesWereTried() async throws {
        let ports = FreePorts.take(2)
        let addresses = ports.map { ConsulAddress(host: "127.0.0.1", port: $0) }
        try await withConsulClient(ConsulConfiguration(addresses: addresses)) { consul in
            let failure = await #expect(throws: ConsulError.self) { try await consul.status.leader() }
            #expect(failure?.code == .connectionFailed)
            #expect(failure?.addressesTried == addresses)
            #expect(failure?.address == addresses[1])
            #expect(failure?.endpoint == "GET /v1/status/leader")
            #expect(failure?.description.contains("127.0.0.1:\(ports[0])") == true)
            #expect(failure?.description.contains("127.0.0.1:\(ports[1])") == true)
        }
    }
}
