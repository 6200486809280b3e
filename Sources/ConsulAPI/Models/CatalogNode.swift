/// One node of the catalog with the service instances registered on it, as `/v1/catalog/node/:name` returns it.
public struct CatalogNode: Codable, Hashable, Sendable {
    /// The node.
    public var node: ConsulNode
    /// The node's service instances, by instance ID.
    public var services: [String: AgentService]

    /// Creates a node entry; for tests and test doubles.
    public init(node: ConsulNode, services: [String: AgentService] = [:]) {
        self.node = node
        self.services = services
    }

    enum CodingKeys: String, CodingKey {
        case node = "Node"
        case services = "Services"
    }

    /// Decodes Consul's JSON, where `Services` may be `null`.
    ///
    /// - Throws: `DecodingError` when `Node` is missing or a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.node = try container.decode(ConsulNode.self, forKey: .node)
        self.services = try container.decodeIfPresent([String: AgentService].self, forKey: .services) ?? [:]
    }
}
