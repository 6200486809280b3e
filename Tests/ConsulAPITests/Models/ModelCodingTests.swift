import ConsulAPI
import Foundation
import Testing

/// Decoding Consul's JSON (as Consul 1.8.7 sends it, nulls included) and encoding registrations the way the
/// agent endpoint expects them.
@Suite("Model coding")
struct ModelCodingTests {
    static let healthReply = #"""
        [{
          "Node": {"ID": "fab9", "Node": "node-a", "Address": "10.1.0.5", "Datacenter": "dc1",
                   "TaggedAddresses": {"lan": "10.1.0.5"}, "Meta": null, "CreateIndex": 10, "ModifyIndex": 12},
          "Service": {"ID": "web-1", "Service": "web", "Tags": null, "Address": "", "Meta": null, "Port": 8080,
                      "Weights": {"Passing": 1, "Warning": 1}, "EnableTagOverride": false,
                      "Proxy": {"MeshGateway": {}, "Expose": {}}, "Connect": {}, "CreateIndex": 13, "ModifyIndex": 13},
          "Checks": [
            {"Node": "node-a", "CheckID": "serfHealth", "Name": "Serf Health Status", "Status": "passing",
             "Notes": "", "Output": "Agent alive and reachable", "ServiceID": "", "ServiceName": "",
             "ServiceTags": [], "Type": "", "Definition": {}, "CreateIndex": 10, "ModifyIndex": 10},
            {"Node": "node-a", "CheckID": "service:web-1", "Name": "Service 'web' check", "Status": "warning",
             "Notes": "", "Output": "slow", "ServiceID": "web-1", "ServiceName": "web", "ServiceTags": null,
             "Type": "ttl", "Definition": {}, "CreateIndex": 13, "ModifyIndex": 14}
          ]
        },
        {
          "Node": {"ID": "aa", "Node": "node-b", "Address": "10.1.0.6", "Datacenter": "dc1"},
          "Service": {"ID": "web-2", "Service": "web", "Tags": ["v2"], "Address": "192.0.2.9", "Port": 8081},
          "Checks": null
        }]
        """#

    @Test func healthReplyDecodesWithNullsAsEmpty() throws {
        let entries = try JSONDecoder().decode([HealthServiceEntry].self, from: Data(Self.healthReply.utf8))
        #expect(entries.count == 2)
        let first = entries[0]
        #expect(first.node.name == "node-a")
        #expect(first.node.meta.isEmpty)
        #expect(first.service.tags.isEmpty)
        #expect(first.service.meta.isEmpty)
        #expect(first.checks.map(\.checkID) == ["serfHealth", "service:web-1"])
        #expect(first.checks[1].status == .warning)
        #expect(first.checks[1].modifyIndex == 14)
        #expect(entries[1].checks.isEmpty)
        #expect(entries[1].service.tags == ["v2"])
    }

    @Test func instanceAddressFallsBackToTheNodeAddressWhenTheServiceHasNone() throws {
        let entries = try JSONDecoder().decode([HealthServiceEntry].self, from: Data(Self.healthReply.utf8))
        #expect(entries[0].instanceAddress == "10.1.0.5")
        #expect(entries[0].instanceEndpoint == "10.1.0.5:8080")
        #expect(entries[1].instanceAddress == "192.0.2.9")
        #expect(entries[1].instanceEndpoint == "192.0.2.9:8081")

        let v6 = HealthServiceEntry(
            node: ConsulNode(name: "n", address: "2001:db8::1"),
            service: AgentService(id: "x", name: "x", port: 80)
        )
        #expect(v6.instanceEndpoint == "[2001:db8::1]:80")
    }

    @Test func aggregatedStatusIsTheWorstCheck() throws {
        let entries = try JSONDecoder().decode([HealthServiceEntry].self, from: Data(Self.healthReply.utf8))
        #expect(entries[0].aggregatedStatus == .warning)
        #expect(entries[1].aggregatedStatus == .passing, "no checks count as passing")
        var maintained = entries[0]
        maintained.checks.append(HealthCheck(checkID: "_service_maintenance:web-1", status: .maintenance))
        maintained.checks.append(HealthCheck(checkID: "c", status: .critical))
        #expect(maintained.aggregatedStatus == .maintenance)
    }

    @Test func unknownHealthStatusDecodesInsteadOfFailing() throws {
        let status = try JSONDecoder().decode([HealthStatus].self, from: Data(#"["passing","degraded"]"#.utf8))
        #expect(status == [.passing, HealthStatus(rawValue: "degraded")])
    }

    @Test func kvPairValueIsBase64AndNullIsEmpty() throws {
        let json =
            #"[{"LockIndex":0,"Key":"foo","Flags":3,"Value":"YmFy","CreateIndex":17,"ModifyIndex":18},"#
            + #"{"Key":"dir/","Value":null,"Session":"s-1"}]"#
        let pairs = try JSONDecoder().decode([KVPair].self, from: Data(json.utf8))
        #expect(pairs[0].stringValue == "bar")
        #expect(pairs[0].flags == 3)
        #expect(pairs[0].modifyIndex == 18)
        #expect(pairs[1].value.isEmpty)
        #expect(pairs[1].session == "s-1")

        let roundTrip = try JSONDecoder().decode(KVPair.self, from: JSONEncoder().encode(pairs[0]))
        #expect(roundTrip == pairs[0])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(KVPair.self, from: Data(#"{"Key":"k","Value":"***"}"#.utf8))
        }
    }

    @Test func registrationEncodesConsulsFieldNamesAndGoDurations() throws {
        let registration = AgentServiceRegistration(
            name: "web",
            id: "web-1",
            port: 8080,
            tags: ["a"],
            meta: ["k": "v"],
            enableTagOverride: true,
            check: .ttl(.seconds(10), checkID: "web-ttl", deregisterCriticalServiceAfter: .seconds(90))
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(registration), as: UTF8.self)
        #expect(
            json == #"{"Check":{"CheckID":"web-ttl","DeregisterCriticalServiceAfter":"90s","TTL":"10s"},"#
                + #""EnableTagOverride":true,"ID":"web-1","Meta":{"k":"v"},"Name":"web","Port":8080,"Tags":["a"]}"#
        )
        #expect(try JSONDecoder().decode(AgentServiceRegistration.self, from: Data(json.utf8)) == registration)
    }

    @Test func minimalRegistrationLeavesOptionalFieldsOut() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(AgentServiceRegistration(name: "db")), as: UTF8.self)
        #expect(json == #"{"EnableTagOverride":false,"Name":"db"}"#)
    }

    @Test func checkDefinitionDecodesGoDurations() throws {
        let json =
            #"{"HTTP":"http://127.0.0.1/health","Interval":"1m30s","Timeout":"1.5s","#
            + #""DeregisterCriticalServiceAfter":"2h"}"#
        let check = try JSONDecoder().decode(AgentServiceCheck.self, from: Data(json.utf8))
        #expect(check.interval == .seconds(90))
        #expect(check.timeout == .milliseconds(1500))
        #expect(check.deregisterCriticalServiceAfter == .seconds(7200))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(AgentServiceCheck.self, from: Data(#"{"TTL":"ten seconds"}"#.utf8))
        }
    }

    @Test func agentSelfAndMembersDecode() throws {
        let json = #"""
            {"Config": {"Datacenter": "dc1", "NodeName": "n1", "NodeID": "id", "Revision": "", "Server": true,
                        "Version": "1.8.7"},
             "DebugConfig": {"ACLToken": "hidden"},
             "Member": {"Name": "n1", "Addr": "127.0.0.1", "Port": 8301, "Tags": {"role": "consul"}, "Status": 1}}
            """#
        let me = try JSONDecoder().decode(AgentSelf.self, from: Data(json.utf8))
        #expect(
            me.config
                == AgentSelf.Config(datacenter: "dc1", nodeName: "n1", nodeID: "id", server: true, version: "1.8.7")
        )
        #expect(me.member.isAlive)
        #expect(me.member.tags["role"] == "consul")
    }

    @Test func catalogServiceEntryFallsBackToTheNodeAddress() throws {
        let json =
            #"[{"ID":"n","Node":"node","Address":"10.0.0.1","Datacenter":"dc1","ServiceID":"s-1","#
            + #""ServiceName":"s","ServiceTags":null,"ServiceAddress":"","ServicePort":80,"ServiceMeta":null}]"#
        let entry = try #require(try JSONDecoder().decode([CatalogServiceEntry].self, from: Data(json.utf8)).first)
        #expect(entry.instanceAddress == "10.0.0.1")
        #expect(entry.serviceTags.isEmpty)
    }
}
