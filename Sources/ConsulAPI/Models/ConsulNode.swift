/// A node of the Consul catalog, as `/v1/catalog/nodes` and `/v1/health/service/:name` return it.
public struct ConsulNode: Codable, Hashable, Sendable {
    /// The node's UUID.
    public var id: String
    /// The node name.
    public var name: String
    /// The node's address; an instance without its own address is reached here.
    public var address: String
    /// The node's datacenter.
    public var datacenter: String
    /// Extra addresses by kind (`lan`, `wan`, ...).
    public var taggedAddresses: [String: String]
    /// The node's metadata.
    public var meta: [String: String]
    /// Raft index of the node's creation.
    public var createIndex: UInt64
    /// Raft index of the node's last change.
    public var modifyIndex: UInt64

    /// Creates a node; for tests and test doubles.
    public init(
        id: String = "",
        name: String,
        address: String,
        datacenter: String = "",
        taggedAddresses: [String: String] = [:],
        meta: [String: String] = [:],
        createIndex: UInt64 = 0,
        modifyIndex: UInt64 = 0
    ) {
        self.id = id
        self.name = name
        self.address = address
        self.datacenter = datacenter
        self.taggedAddresses = taggedAddresses
        self.meta = meta
        self.createIndex = createIndex
        self.modifyIndex = modifyIndex
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case name = "Node"
        case address = "Address"
        case datacenter = "Datacenter"
        case taggedAddresses = "TaggedAddresses"
        case meta = "Meta"
        case createIndex = "CreateIndex"
        case modifyIndex = "ModifyIndex"
    }

    /// Decodes Consul's JSON, where maps may be `null`.
    ///
    /// - Throws: `DecodingError` when `Node` or `Address` is missing or a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decodeIfPresent(String.self, forKey: .id) ?? ""
        self.name = try container.decode(String.self, forKey: .name)
        self.address = try container.decode(String.self, forKey: .address)
        self.datacenter = try container.decodeIfPresent(String.self, forKey: .datacenter) ?? ""
        self.taggedAddresses = try container.decodeIfPresent([String: String].self, forKey: .taggedAddresses) ?? [:]
        self.meta = try container.decodeIfPresent([String: String].self, forKey: .meta) ?? [:]
        self.createIndex = try container.decodeIfPresent(UInt64.self, forKey: .createIndex) ?? 0
        self.modifyIndex = try container.decodeIfPresent(UInt64.self, forKey: .modifyIndex) ?? 0
    }
}
