import TestSupport
import ConsulAPI
import Testing

/// Join, members and leave between a client agent and a dev server: what the agent does with
/// `CONSUL_JOIN_ADDR` when it runs its own client agent.
@Suite("Cluster membership against real Consul agents", .serialized)
struct ClusterMembershipTests {
    @Test func clientAgentJoinsTheServerSeesItsLeaderAndLeavesGracefully() async throws {
        try await withConsulDevAgent(name: "join-server") { server in
            try await withConsulDevAgent(name: "join-client", mode: .client) { clientAgent in
                try await withConsulClient(ConsulConfiguration(addresses: [clientAgent.httpAddress])) { consul in
                    let lonely = await #expect(throws: ConsulError.self) { try await consul.status.leader() }
                    #expect(lonely?.code == .serverError, "a client agent with no servers cannot name a leader")

                    try await consul.agent.join("127.0.0.1:\(server.ports.serfLAN)")

                    let members = try await consul.agent.members()
                    #expect(Set(members.map(\.name)) == [server.nodeName, clientAgent.nodeName])
                    let leader = try await Polling.until("the client to learn the leader") {
                        let leader = try await consul.status.leader()
                        return leader.isEmpty ? nil : leader
                    }
                    #expect(leader == "127.0.0.1:\(server.ports.server)")
                    #expect(try await consul.status.peers() == [leader])

                    try await withConsulClient(ConsulConfiguration(addresses: [server.httpAddress])) { serverAPI in
                        try await consul.agent.leave()
                        let left = try await Polling.until("the server to see the client leave") {
                            try await serverAPI.agent.members().first {
                                $0.name == clientAgent.nodeName && $0.status == 3
                            }
                        }
                        #expect(!left.isAlive)
                    }
                }
            }
        }
    }

    @Test func joinToAnAddressWhereNoAgentListensCarriesConsulsMessage() async throws {
        try await withConsulDevAgent(name: "join-refused") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                let refused = await #expect(throws: ConsulError.self) {
                    try await consul.agent.join("127.0.0.1:1")
                }
                #expect(refused?.code == .serverError)
                #expect(refused?.httpStatus == 500)
                #expect(refused?.consulMessage?.contains("Failed to join") == true)
                #expect(refused?.endpoint == "PUT /v1/agent/join/127.0.0.1%3A1")
                #expect(refused?.address == agent.httpAddress)
            }
        }
    }
}
