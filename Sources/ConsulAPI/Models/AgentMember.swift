/// A member of the agent's gossip pool, as `/v1/agent/members` returns it.
public struct AgentMember: Codable, Hashable, Sendable {
    /// The member's node name.
    public var name: String
    /// The member's gossip address.
    public var address: String
    /// The member's gossip port.
    public var port: Int
    /// Serf tags (`role`, `dc`, `build`, ...).
    public var tags: [String: String]
    /// Serf status: 1 alive, 2 leaving, 3 left, 4 failed.
    public var status: Int

    /// Creates a member; for tests and test doubles.
    public init(name: String, address: String, port: Int, tags: [String: String] = [:], status: Int) {
        self.name = name
        self.address = address
        self.port = port
        self.tags = tags
        self.status = status
    }

    /// Whether Serf considers the member alive.
    public var isAlive: Bool { self.status == 1 }

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case address = "Addr"
        case port = "Port"
        case tags = "Tags"
        case status = "Status"
    }

    /// Decodes Consul's JSON, where `Tags` may be `null`.
    ///
    /// - Throws: `DecodingError` when `Name` or `Addr` is missing or a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try container.decode(String.self, forKey: .name)
        self.address = try container.decode(String.self, forKey: .address)
        self.port = try container.decodeIfPresent(Int.self, forKey: .port) ?? 0
        self.tags = try container.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
        self.status = try container.decodeIfPresent(Int.self, forKey: .status) ?? 0
    }
}
