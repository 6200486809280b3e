/// The body of `PUT /v1/agent/service/register`: a service instance and its checks.
public struct AgentServiceRegistration: Codable, Hashable, Sendable {
    /// The service name that consumers look up.
    public var name: String
    /// The instance ID, unique on the agent; Consul uses the name when unset.
    public var id: String?
    /// The address to reach the instance at; unset means the node's address.
    public var address: String?
    /// The instance's port.
    public var port: Int?
    /// Tags for filtering (`tag=` queries).
    public var tags: [String]
    /// Key/value metadata.
    public var meta: [String: String]
    /// Whether anti-entropy leaves tags changed in the catalog alone.
    public var enableTagOverride: Bool
    /// A single check, usually a TTL check.
    public var check: AgentServiceCheck?
    /// Further checks.
    public var checks: [AgentServiceCheck]

    /// Creates a registration.
    public init(
        name: String,
        id: String? = nil,
        address: String? = nil,
        port: Int? = nil,
        tags: [String] = [],
        meta: [String: String] = [:],
        enableTagOverride: Bool = false,
        check: AgentServiceCheck? = nil,
        checks: [AgentServiceCheck] = []
    ) {
        self.name = name
        self.id = id
        self.address = address
        self.port = port
        self.tags = tags
        self.meta = meta
        self.enableTagOverride = enableTagOverride
        self.check = check
        self.checks = checks
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case id = "ID"
        case address = "Address"
        case port = "Port"
        case tags = "Tags"
        case meta = "Meta"
        case enableTagOverride = "EnableTagOverride"
        case check = "Check"
        case checks = "Checks"
    }

    /// Decodes a registration; lists and maps may be absent.
    ///
    /// - Throws: `DecodingError` when `Name` is missing or a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try container.decode(String.self, forKey: .name)
        self.id = try container.decodeIfPresent(String.self, forKey: .id)
        self.address = try container.decodeIfPresent(String.self, forKey: .address)
        self.port = try container.decodeIfPresent(Int.self, forKey: .port)
        self.tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
        self.meta = try container.decodeIfPresent([String: String].self, forKey: .meta) ?? [:]
        self.enableTagOverride = try container.decodeIfPresent(Bool.self, forKey: .enableTagOverride) ?? false
        self.check = try container.decodeIfPresent(AgentServiceCheck.self, forKey: .check)
        self.checks = try container.decodeIfPresent([AgentServiceCheck].self, forKey: .checks) ?? []
    }

    /// Encodes the registration as Consul expects it, omitting unset fields.
    ///
    /// - Throws: `EncodingError` from the encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.name, forKey: .name)
        try container.encodeIfPresent(self.id, forKey: .id)
        try container.encodeIfPresent(self.address, forKey: .address)
        try container.encodeIfPresent(self.port, forKey: .port)
        if !self.tags.isEmpty { try container.encode(self.tags, forKey: .tags) }
        if !self.meta.isEmpty { try container.encode(self.meta, forKey: .meta) }
        try container.encode(self.enableTagOverride, forKey: .enableTagOverride)
        try container.encodeIfPresent(self.check, forKey: .check)
        if !self.checks.isEmpty { try container.encode(self.checks, forKey: .checks) }
    }
}
