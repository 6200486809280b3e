import TestSupport
import ConsulAPI
import Testing

/// Registration, deregistration and TTL check transitions against a real dev agent, observed the way consumers
/// see them: through `/v1/health/service/:name`.
@Suite("Agent registration against a real Consul", .serialized)
struct AgentRegistrationTests {
    @Test func registeredServiceAppearsInHealthWithItsFieldsAndDisappearsOnDeregister() async throws {
        try await withConsulDevAgent(name: "register") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                try await consul.agent.register(
                    AgentServiceRegistration(
                        name: "web",
                        id: "web-1",
                        address: "10.0.0.7",
                        port: 8080,
                        tags: ["v1", "primary"],
                        meta: ["team": "edge"],
                        enableTagOverride: true,
                        check: .ttl(.seconds(30), deregisterCriticalServiceAfter: .seconds(90))
                    )
                )

                let entries = try await Polling.until("web in health") {
                    let entries = try await consul.health.service("web").value
                    return entries.isEmpty ? nil : entries
                }
                let entry = try #require(entries.first)
                #expect(entry.service.id == "web-1")
                #expect(entry.service.port == 8080)
                #expect(entry.service.tags == ["v1", "primary"])
                #expect(entry.service.meta == ["team": "edge"])
                #expect(entry.service.enableTagOverride)
                #expect(entry.instanceAddress == "10.0.0.7")
                #expect(entry.instanceEndpoint == "10.0.0.7:8080")
                #expect(entry.node.name == agent.nodeName)
                let ttlCheck = try #require(entry.checks.first { $0.serviceID == "web-1" })
                #expect(ttlCheck.type == "ttl")
                #expect(ttlCheck.status == .critical, "a TTL check starts critical until the first report")

                let tagged = try await consul.health.service("web", query: HealthServiceQuery(tag: "primary")).value
                #expect(tagged.count == 1)
                let otherTag = try await consul.health.service("web", query: HealthServiceQuery(tag: "v2")).value
                #expect(otherTag.isEmpty)

                try await consul.agent.deregister(serviceID: "web-1")
                _ = try await Polling.until("web gone from health") {
                    try await consul.health.service("web").value.isEmpty ? true : nil
                }
            }
        }
    }

    @Test func serviceWithoutAddressFallsBackToTheNodeAddress() async throws {
        try await withConsulDevAgent(name: "fallback") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                try await consul.agent.register(AgentServiceRegistration(name: "api", id: "api-1", port: 9000))
                let entry = try await Polling.until("api in health") {
                    try await consul.health.service("api").value.first
                }
                #expect(entry.service.address.isEmpty)
                #expect(entry.instanceAddress == "127.0.0.1")
                #expect(entry.instanceEndpoint == "127.0.0.1:9000")

                let catalogEntry = try #require(try await consul.catalog.service("api").value.first)
                #expect(catalogEntry.instanceAddress == "127.0.0.1")
            }
        }
    }

    @Test func ttlReportsMoveTheInstanceThroughPassingWarningCriticalAndBack() async throws {
        try await withConsulDevAgent(name: "ttl") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                try await consul.agent.register(
                    AgentServiceRegistration(
                        name: "worker",
                        id: "worker-1",
                        port: 7000,
                        check: .ttl(.seconds(30), checkID: "worker-ttl")
                    )
                )

                func statusSeen() async throws -> (HealthStatus, String)? {
                    let entry = try await consul.health.service("worker").value.first
                    return (entry?.checks.first { $0.checkID == "worker-ttl" }).map { ($0.status, $0.output) }
                }
                func passingCount() async throws -> Int {
                    try await consul.health.service("worker", query: HealthServiceQuery(passingOnly: true)).value.count
                }
                func awaitStatus(_ wanted: HealthStatus, output: String? = nil) async throws {
                    _ = try await Polling.until("worker \(wanted)") { () async throws -> Bool? in
                        guard let (status, seen) = try await statusSeen(), status == wanted else { return nil }
                        return output == nil || seen == output ? true : nil
                    }
                }

                try await awaitStatus(.critical)
                #expect(try await passingCount() == 0)

                try await consul.agent.passCheck("worker-ttl", note: "all good")
                try await awaitStatus(.passing, output: "all good")
                #expect(try await passingCount() == 1)

                try await consul.agent.warnCheck("worker-ttl", note: "slow disk")
                try await awaitStatus(.warning, output: "slow disk")

                try await consul.agent.failCheck("worker-ttl", note: "ping failed")
                try await awaitStatus(.critical, output: "ping failed")
                #expect(try await passingCount() == 0)

                try await consul.agent.updateCheck("worker-ttl", status: .passing, output: "recovered")
                try await awaitStatus(.passing, output: "recovered")
                #expect(try await passingCount() == 1)
            }
        }
    }

    @Test func checkOutputIsCutAtFourKilobytesWithConsulsMarker() async throws {
        try await withConsulDevAgent(name: "output") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                try await consul.agent.register(
                    AgentServiceRegistration(
                        name: "chatty",
                        id: "chatty-1",
                        port: 1,
                        check: .ttl(.seconds(30), checkID: "chatty-ttl")
                    )
                )
                let output = String(repeating: "é", count: 5000)  // 10 000 bytes, two per character
                try await consul.agent.updateCheck("chatty-ttl", status: .warning, output: output)

                let stored = try #require(try await consul.agent.checks()["chatty-ttl"])
                #expect(stored.status == .warning)
                #expect(stored.output.utf8.count <= 4096, "sent small enough that Consul keeps it whole")
                #expect(stored.output.hasPrefix(String(repeating: "é", count: 2000)))
                #expect(stored.output.hasSuffix(" of 10000 bytes)"), "the marker gives the full size")
            }
        }
    }

    @Test func maintenanceModeTakesTheInstanceOutOfPassingWithTheReason() async throws {
        try await withConsulDevAgent(name: "maint") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                try await consul.agent.register(
                    AgentServiceRegistration(
                        name: "db",
                        id: "db-1",
                        port: 5432,
                        check: .ttl(.seconds(30), checkID: "db-ttl")
                    )
                )
                try await consul.agent.passCheck("db-ttl")
                let passing = HealthServiceQuery(passingOnly: true)
                _ = try await Polling.until("db passing") {
                    try await consul.health.service("db", query: passing).value.isEmpty ? nil : true
                }

                try await consul.agent.enableMaintenance(serviceID: "db-1", reason: "upgrading to 13")
                let entry = try await Polling.until("db in maintenance") {
                    try await consul.health.service("db").value.first { $0.aggregatedStatus == .critical }
                }
                let maintenance = try #require(entry.checks.first { $0.checkID == "_service_maintenance:db-1" })
                #expect(maintenance.notes == "upgrading to 13")
                #expect(try await consul.health.service("db", query: passing).value.isEmpty)

                try await consul.agent.disableMaintenance(serviceID: "db-1")
                _ = try await Polling.until("db passing again") {
                    try await consul.health.service("db", query: passing).value.isEmpty ? nil : true
                }
            }
        }
    }

    @Test func agentDescribesItselfAndListsItselfAsAliveMember() async throws {
        try await withConsulDevAgent(name: "self") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                let me = try await consul.agent.selfInfo()
                #expect(me.config.nodeName == agent.nodeName)
                #expect(me.config.datacenter == "dc1")
                #expect(me.config.server)
                #expect(me.config.version == "1.8.7")
                #expect(me.member.name == agent.nodeName)

                let members = try await consul.agent.members()
                #expect(members.contains { $0.name == agent.nodeName && $0.isAlive })
            }
        }
    }
}
