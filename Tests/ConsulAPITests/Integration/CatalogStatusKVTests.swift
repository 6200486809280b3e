import TestSupport
import ConsulAPI
import Testing

/// Catalog, status and key/value endpoints against a real dev agent.
@Suite("Catalog, status and KV against a real Consul", .serialized)
struct CatalogStatusKVTests {
    @Test func catalogListsServicesNodesAndDatacentersAndStatusNamesTheLeader() async throws {
        try await withConsulDevAgent(name: "catalog") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                try await consul.agent.register(
                    AgentServiceRegistration(name: "web", id: "web-1", port: 80, tags: ["blue"])
                )
                try await consul.agent.register(
                    AgentServiceRegistration(name: "web", id: "web-2", port: 81, tags: ["green"])
                )

                let services = try await Polling.until("web in the catalog") {
                    let services = try await consul.catalog.services()
                    return services.value["web"] == nil ? nil : services
                }
                #expect(Set(services.value["web"] ?? []) == ["blue", "green"])
                #expect(services.value["consul"] == [])
                #expect(services.meta.index > 0)
                #expect(services.meta.knownLeader)

                let instances = try await consul.catalog.service("web").value
                #expect(Set(instances.map(\.serviceID)) == ["web-1", "web-2"])
                let green = try await consul.catalog.service("web", tag: "green").value
                #expect(green.map(\.servicePort) == [81])

                let nodes = try await consul.catalog.nodes().value
                #expect(nodes.map(\.name) == [agent.nodeName])
                #expect(nodes.first?.address == "127.0.0.1")
                #expect(try await consul.catalog.datacenters() == ["dc1"])

                let leader = try await consul.status.leader()
                #expect(leader == "127.0.0.1:\(agent.ports.server)")
                #expect(try await consul.status.peers() == [leader])

                let stale = try await consul.health.service(
                    "web",
                    query: HealthServiceQuery(
                        options: ConsulQueryOptions(consistency: .stale, cached: true, near: "_agent")
                    )
                )
                #expect(stale.value.count == 2)
                #expect(stale.meta.cacheHit != nil, "a cached read reports X-Cache")
            }
        }
    }

    @Test func kvGetPutDeleteWithCheckAndSet() async throws {
        try await withConsulDevAgent(name: "kv") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                let key = "config/web app/ünïcode"
                let missing = try await consul.kv.get(key)
                #expect(missing.value == nil)
                #expect(missing.meta.index > 0, "a missing key still has an index to block on")

                #expect(try await consul.kv.put(key, string: "v1", cas: 0), "cas 0 creates a missing key")
                #expect(try await consul.kv.put(key, string: "v2", cas: 0) == false, "cas 0 refuses an existing key")
                let first = try #require(try await consul.kv.get(key).value)
                #expect(first.key == key)
                #expect(first.stringValue == "v1")

                #expect(try await consul.kv.put(key, string: "v2", flags: 42, cas: first.modifyIndex))
                #expect(try await consul.kv.put(key, string: "v3", cas: first.modifyIndex) == false, "stale cas")
                let second = try #require(try await consul.kv.get(key).value)
                #expect(second.stringValue == "v2")
                #expect(second.flags == 42)

                try await consul.kv.put("config/other", value: [0, 1, 2, 255])
                let listed = try await consul.kv.list(prefix: "config/").value
                #expect(listed.map(\.key) == [key, "config/other"].sorted())
                #expect(listed.first { $0.key == "config/other" }?.value == [0, 1, 2, 255])
                #expect(try await consul.kv.list(prefix: "nothing/").value.isEmpty)

                #expect(try await consul.kv.delete(key, cas: first.modifyIndex) == false, "stale cas delete")
                #expect(try await consul.kv.delete(key, cas: second.modifyIndex))
                #expect(try await consul.kv.get(key).value == nil)
                #expect(try await consul.kv.delete("config/", recurse: true))
                #expect(try await consul.kv.list(prefix: "config/").value.isEmpty)
            }
        }
    }

    @Test func kvWatchFollowsAKeyFromMissingThroughChangesToDeleted() async throws {
        try await withConsulDevAgent(name: "kv-watch") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                let watch = WatchRecorder(consul.kv.watch("feature/flag"))
                defer { Task { await watch.cancel() } }
                #expect(try await watch.delivery(after: 0).value == nil)

                try await consul.kv.put("feature/flag", string: "on")
                #expect(try await watch.delivery(after: 1).value?.stringValue == "on")
                try await consul.kv.put("feature/flag", string: "off")
                #expect(try await watch.delivery(after: 2).value?.stringValue == "off")
                try await consul.kv.delete("feature/flag")
                #expect(try await watch.delivery(after: 3).value == nil)
            }
        }
    }
}
