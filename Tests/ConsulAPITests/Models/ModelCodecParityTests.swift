import ConsulAPI
import Foundation
import JSONValues
import Testing

/// Every Consul model through pilot's own coders and through Foundation's: equal values from the same
/// replies, the same bytes for the same requests, errors where Foundation throws them.
@Suite("Model codec parity")
struct ModelCodecParityTests {
    static let members = #"""
        [{"Name": "n1", "Addr": "127.0.0.1", "Port": 8301,
          "Tags": {"role": "consul", "dc": "dc1", "build": "1.8.7:8f1d7a1c", "vsn": "2"},
          "Status": 1, "ProtocolMin": 1, "ProtocolMax": 5, "ProtocolCur": 2, "DelegateMin": 2,
          "DelegateMax": 5, "DelegateCur": 4},
         {"Name": "n2", "Addr": "::1", "Port": 8301, "Tags": null, "Status": 4}]
        """#

    static let agentSelf = #"""
        {"Config": {"Datacenter": "dc1", "PrimaryDatacenter": "dc1", "NodeName": "n1",
                    "NodeID": "5c8b8d5f-4f0c-b3a4-1a3e-4b1e2a8f9d0c", "Revision": "8f1d7a1c", "Server": false,
                    "Version": "1.8.7"},
         "DebugConfig": {"ACLToken": "hidden", "Bootstrap": false, "RetryJoinIntervalLAN": "30s"},
         "Coord": {"Vec": [0.1, -0.25, 0, 1e-6, 0, 0, 0, 0], "Error": 1.5, "Adjustment": -0.000123, "Height": 1e-5},
         "Member": {"Name": "n1", "Addr": "127.0.0.1", "Port": 8301, "Tags": {"role": "node"}, "Status": 1},
         "Meta": {"consul-network-segment": ""}}
        """#

    static let services = #"""
        {"web-1": {"ID": "web-1", "Service": "web", "Tags": ["a", "b/c"], "Meta": {"version": "1.2.3"},
                   "Port": 8080, "Address": "10.0.0.2", "TaggedAddresses": {"lan_ipv4": {"Address": "10.0.0.2",
                   "Port": 8080}}, "Weights": {"Passing": 1, "Warning": 1}, "EnableTagOverride": false,
                   "Datacenter": "dc1"},
         "db": {"ID": "db", "Service": "db", "Tags": null, "Meta": null, "Port": 5432, "Address": ""}}
        """#

    static let checks = #"""
        [{"Node": "node-a", "CheckID": "service:web-1", "Name": "Service 'web' check", "Status": "critical",
          "Notes": "", "Output": "TTL expired \"now\"\n\tline 2 \u00e9", "ServiceID": "web-1", "ServiceName": "web",
          "ServiceTags": ["a"], "Type": "ttl", "Definition": {"Interval": "0s", "Timeout": "0s"},
          "CreateIndex": 13, "ModifyIndex": 18446744073709551615},
         {"Node": "node-a", "CheckID": "maint", "Name": "Maintenance", "Status": "maintenance", "Notes": "",
          "Output": "", "ServiceID": "", "ServiceName": "", "ServiceTags": null, "Type": ""}]
        """#

    static let catalog = #"""
        [{"ID": "n", "Node": "node", "Address": "10.0.0.1", "Datacenter": "dc1",
          "TaggedAddresses": {"lan": "10.0.0.1", "wan": "10.0.0.1"}, "NodeMeta": {"consul-network-segment": ""},
          "ServiceKind": "", "ServiceID": "s-1", "ServiceName": "s", "ServiceTags": ["x"], "ServiceAddress": "",
          "ServiceWeights": {"Passing": 1, "Warning": 1}, "ServiceMeta": {"m": "1"}, "ServicePort": 80,
          "ServiceEnableTagOverride": false, "ServiceProxy": {"MeshGateway": {}, "Expose": {}},
          "ServiceConnect": {}, "CreateIndex": 20, "ModifyIndex": 20}]
        """#

    static let pairs = #"""
        [{"LockIndex": 1, "Key": "config/web", "Flags": 18446744073709551615, "Value": "eyJhIjogIvCfmIAifQ==",
          "Session": "adf4238a-882b-9ddc-4a9d-5b6758e4159e", "CreateIndex": 17, "ModifyIndex": 18},
         {"LockIndex": 0, "Key": "dir/", "Flags": 0, "Value": null, "CreateIndex": 3, "ModifyIndex": 3},
         {"Key": "empty", "Value": ""}]
        """#

    static let registration = #"""
        {"Name": "web", "ID": "web-1", "Address": "192.0.2.1", "Port": 8080, "Tags": ["v1"], "Meta": {"a": "b"},
         "EnableTagOverride": true, "Check": {"CheckID": "web-ttl", "TTL": "10s", "DeregisterCriticalServiceAfter":
         "1m30s", "Status": "passing"}, "Checks": [{"HTTP": "http://127.0.0.1:8080/health?x=1", "Interval": "5s",
         "Timeout": "1.5s", "Notes": "n"}, {"TCP": "127.0.0.1:5432", "Interval": "10s"}]}
        """#

    /// Decodes `text` as `type` both ways and expects equal values.
    static func decodesAlike<T: Decodable & Equatable>(_ type: T.Type, _ text: String) throws {
        let ours = try JSONNodeDecoder().decode(type, from: Array(text.utf8))
        let theirs = try JSONDecoder().decode(type, from: Data(text.utf8))
        #expect(ours == theirs, "\(T.self)")
    }

    /// Encodes `value` both ways, with sorted keys (Foundation's order is otherwise random), and expects the
    /// same bytes.
    static func encodesAlike<T: Encodable>(_ value: T) throws {
        let foundation = JSONEncoder()
        foundation.outputFormatting = .sortedKeys
        let ours = String(decoding: try JSONTextEncoder(outputFormatting: .sortedKeys).encode(value), as: UTF8.self)
        let theirs = String(decoding: try foundation.encode(value), as: UTF8.self)
        #expect(ours == theirs, "\(T.self)")
    }

    @Test func everyReplyDecodesToTheSameValuesAsWithFoundation() throws {
        try Self.decodesAlike([HealthServiceEntry].self, ModelCodingTests.healthReply)
        try Self.decodesAlike([AgentMember].self, Self.members)
        try Self.decodesAlike(AgentSelf.self, Self.agentSelf)
        try Self.decodesAlike([String: AgentService].self, Self.services)
        try Self.decodesAlike([HealthCheck].self, Self.checks)
        try Self.decodesAlike([CatalogServiceEntry].self, Self.catalog)
        try Self.decodesAlike([KVPair].self, Self.pairs)
        try Self.decodesAlike(AgentServiceRegistration.self, Self.registration)
        try Self.decodesAlike([String].self, #"["10.0.0.1:8300", "10.0.0.2:8300"]"#)
        try Self.decodesAlike(String.self, #""10.0.0.1:8300""#)
        try Self.decodesAlike(Bool.self, "true")
    }

    @Test func everyModelEncodesToTheSameBytesAsWithFoundation() throws {
        let decoder = JSONDecoder()
        let health = Data(ModelCodingTests.healthReply.utf8)
        try Self.encodesAlike(try decoder.decode([HealthServiceEntry].self, from: health))
        try Self.encodesAlike(try decoder.decode([AgentMember].self, from: Data(Self.members.utf8)))
        try Self.encodesAlike(try decoder.decode(AgentSelf.self, from: Data(Self.agentSelf.utf8)))
        try Self.encodesAlike(try decoder.decode([String: AgentService].self, from: Data(Self.services.utf8)))
        try Self.encodesAlike(try decoder.decode([HealthCheck].self, from: Data(Self.checks.utf8)))
        try Self.encodesAlike(try decoder.decode([CatalogServiceEntry].self, from: Data(Self.catalog.utf8)))
        try Self.encodesAlike(try decoder.decode([KVPair].self, from: Data(Self.pairs.utf8)))
        try Self.encodesAlike(try decoder.decode(AgentServiceRegistration.self, from: Data(Self.registration.utf8)))
        try Self.encodesAlike(AgentServiceRegistration(name: "db"))
    }

    /// A registration's body as the client sends it (Foundation's defaults: slashes escaped), the same bytes
    /// whenever there is at most one key per object, where Foundation's random order cannot differ.
    @Test func requestBodiesEscapeSlashesAsFoundationsDefaultsDo() throws {
        let check = AgentServiceCheck(http: "http://127.0.0.1:8080/health")
        let ours = String(decoding: try JSONTextEncoder().encode(check), as: UTF8.self)
        #expect(ours == String(decoding: try JSONEncoder().encode(check), as: UTF8.self))
        #expect(ours == #"{"HTTP":"http:\/\/127.0.0.1:8080\/health"}"#)
    }

    @Test(arguments: [
        #"{"Key": "k", "Value": "***"}"#, #"{"Value": "YmFy"}"#, #"{"Key": 1}"#, #"{"Key": "k", "Flags": -1}"#,
        #"{"Key": "k", "Flags": "1"}"#, #"{"Key": "k", "ModifyIndex": 18446744073709551616}"#,
    ])
    func keyValueErrorsAreThrownWhereFoundationThrowsThem(_ text: String) {
        #expect(throws: DecodingError.self) { try JSONNodeDecoder().decode(KVPair.self, from: Array(text.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(KVPair.self, from: Data(text.utf8)) }
    }

    @Test(arguments: [#"{"TTL": "ten seconds"}"#, #"{"Interval": 5}"#, #"{"Status": 1}"#])
    func checkErrorsAreThrownWhereFoundationThrowsThem(_ text: String) {
        #expect(throws: DecodingError.self) {
            try JSONNodeDecoder().decode(AgentServiceCheck.self, from: Array(text.utf8))
        }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AgentServiceCheck.self, from: Data(text.utf8)) }
    }
}
