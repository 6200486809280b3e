import ConsulAPI
import Foundation
import JSONValues
import Testing

/// `/v1/catalog/node/:name` as Consul 1.8.7 answers it: the node with its services by ID, `null` services as
/// none, and `null` for a node the catalog does not hold; the same through pilot's decoder and Foundation's.
@Suite("Catalog node coding")
struct CatalogNodeCodingTests {
    static let reply = #"""
        {"Node": {"ID": "e24f", "Node": "n1", "Address": "127.0.0.1", "Datacenter": "dc1",
                  "TaggedAddresses": {"lan": "127.0.0.1", "wan": "127.0.0.1"},
                  "Meta": {"consul-network-segment": ""}, "CreateIndex": 10, "ModifyIndex": 12},
         "Services": {
           "consul": {"ID": "consul", "Service": "consul", "Tags": [], "Address": "", "Meta": {"version": "1.8.7"},
                      "Port": 8300, "Weights": {"Passing": 1, "Warning": 1}, "EnableTagOverride": false,
                      "Proxy": {"MeshGateway": {}, "Expose": {}}, "Connect": {}, "CreateIndex": 10,
                      "ModifyIndex": 10},
           "web-1": {"ID": "web-1", "Service": "web", "Tags": null, "Address": "10.0.0.2", "Meta": null,
                     "Port": 80}}}
        """#

    @Test func nodeReplyDecodesWithItsServicesByID() throws {
        let entry = try JSONNodeDecoder().decode(CatalogNode?.self, from: Array(Self.reply.utf8))
        let node = try #require(entry)
        #expect(node.node.name == "n1")
        #expect(node.node.modifyIndex == 12)
        #expect(node.services.keys.sorted() == ["consul", "web-1"])
        #expect(node.services["web-1"]?.address == "10.0.0.2")
        #expect(node.services["web-1"]?.tags == [])
        #expect(node.services["consul"]?.meta == ["version": "1.8.7"])
        #expect(try JSONDecoder().decode(CatalogNode.self, from: Data(Self.reply.utf8)) == node)
    }

    @Test func unknownNodeIsNullAndNullServicesAreNone() throws {
        #expect(try JSONNodeDecoder().decode(CatalogNode?.self, from: Array("null".utf8)) == nil)
        let bare = #"{"Node": {"Node": "n2", "Address": "10.0.0.3"}, "Services": null}"#
        let node = try JSONNodeDecoder().decode(CatalogNode.self, from: Array(bare.utf8))
        #expect(node == CatalogNode(node: ConsulNode(name: "n2", address: "10.0.0.3")))
    }
}
