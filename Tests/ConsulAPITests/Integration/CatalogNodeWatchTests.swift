import ConsulAPI
import Testing
import TestSupport

/// The catalog's node endpoints and their watches against a real Consul, with a datacenter.
@Suite("Catalog node watches against a real Consul", .serialized)
struct CatalogNodeWatchTests {
    @Test func nodeEndpointAnswersTheNodeAndItsServicesOrNilForAnUnknownNode() async throws {
        try await withConsulDevAgent(name: "catalog-node") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                let options = ConsulQueryOptions(datacenter: "dc1")
                let known = try await consul.catalog.node(agent.nodeName, options: options)
                #expect(known.value?.node.name == agent.nodeName)
                #expect(known.value?.services.keys.sorted() == ["consul"])
                #expect(known.meta.index > 0)

                let unknown = try await consul.catalog.node("no-such-node")
                #expect(unknown.value == nil)
                #expect(unknown.meta.index > 0, "a missing node has an index to block on")

                await #expect(throws: ConsulError.self) {
                    try await consul.catalog.node(agent.nodeName, options: ConsulQueryOptions(datacenter: "nowhere"))
                }
            }
        }
    }

    @Test func nodeWatchYieldsTheNodeThenEachServiceChange() async throws {
        try await withConsulDevAgent(name: "catalog-node-watch") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                let watch = WatchRecorder(consul.catalog.watchNode(agent.nodeName))
                defer { Task { await watch.cancel() } }
                #expect(try await watch.delivery(after: 0).value?.services.keys.sorted() == ["consul"])

                try await consul.agent.register(AgentServiceRegistration(name: "web", id: "web-1", port: 80))
                #expect(try await watch.delivery(after: 1).value?.services.keys.sorted() == ["consul", "web-1"])
                try await consul.agent.deregister(serviceID: "web-1")
                #expect(try await watch.delivery(after: 2).value?.services.keys.sorted() == ["consul"])
            }
        }
    }

    @Test func nodesWatchYieldsTheNodesOfTheDatacenter() async throws {
        try await withConsulDevAgent(name: "catalog-nodes-watch") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                let watch = WatchRecorder(consul.catalog.watchNodes(options: ConsulQueryOptions(datacenter: "dc1")))
                defer { Task { await watch.cancel() } }
                let nodes = try await watch.delivery(after: 0).value
                #expect(nodes.map(\.name) == [agent.nodeName])
            }
        }
    }
}
