/// A service instance as registered: the `Service` of a health entry, or an entry of `/v1/agent/services`.
public struct AgentService: Codable, Hashable, Sendable {
    /// The instance ID, unique on its node.
    public var id: String
    /// The service name.
    public var name: String
    /// The instance's tags.
    public var tags: [String]
    /// The instance's own address; empty means "the node's address" (see ``HealthServiceEntry/instanceAddress``).
    public var address: String
    /// The instance's metadata.
    public var meta: [String: String]
    /// The instance's port.
    public var port: Int
    /// Whether anti-entropy leaves tags changed in the catalog alone.
    public var enableTagOverride: Bool
    /// Raft index of the instance's creation (0 where the endpoint does not report it).
    public var createIndex: UInt64
    /// Raft index of the instance's last change (0 where the endpoint does not report it).
    public var modifyIndex: UInt64

    /// Creates an instance; for tests and test doubles.
    public init(
        id: String,
        name: String,
        tags: [String] = [],
        address: String = "",
        meta: [String: String] = [:],
        port: Int,
        enableTagOverride: Bool = false,
        createIndex: UInt64 = 0,
        modifyIndex: UInt64 = 0
    ) {
        self.id = id
        self.name = name
        self.tags = tags
        self.address = address
        self.meta = meta
        self.port = port
        self.enableTagOverride = enableTagOverride
        self.createIndex = createIndex
        self.modifyIndex = modifyIndex
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case name = "Service"
        case tags = "Tags"
        case address = "Address"
        case meta = "Meta"
        case port = "Port"
        case enableTagOverride = "EnableTagOverride"
        case createIndex = "CreateIndex"
        case modifyIndex = "ModifyIndex"
    }

    /// Decodes Consul's JSON, where lists and maps may be `null`.
    ///
    /// - Throws: `DecodingError` when `ID` or `Service` is missing or a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decode(String.self, forKey: .id)
        self.name = try container.decode(String.self, forKey: .name)
        self.tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
        self.address = try container.decodeIfPresent(String.self, forKey: .address) ?? ""
        self.meta = try container.decodeIfPresent([String: String].self, forKey: .meta) ?? [:]
        self.port = try container.decodeIfPresent(Int.self, forKey: .port) ?? 0
        self.enableTagOverride = try container.decodeIfPresent(Bool.self, forKey: .enableTagOverride) ?? false
        self.createIndex = try container.decodeIfPresent(UInt64.self, forKey: .createIndex) ?? 0
        self.modifyIndex = try container.decodeIfPresent(UInt64.self, forKey: .modifyIndex) ?? 0
    }
}
