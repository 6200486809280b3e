/// One health check's state, as `/v1/health/service/:name` and `/v1/agent/checks` return it.
public struct HealthCheck: Codable, Hashable, Sendable {
    /// The node the check runs on.
    public var node: String
    /// The check ID, such as `service:web-1` or `serfHealth`.
    public var checkID: String
    /// The check's name.
    public var name: String
    /// The current status.
    public var status: HealthStatus
    /// Free text attached to the check (the maintenance reason, a TTL note).
    public var notes: String
    /// The last output (Consul keeps at most 4 KB).
    public var output: String
    /// The service the check belongs to; empty for node checks.
    public var serviceID: String
    /// The name of that service.
    public var serviceName: String
    /// The tags of that service.
    public var serviceTags: [String]
    /// The check kind: `ttl`, `http`, `tcp`, ... (empty for some built-in checks).
    public var type: String
    /// Raft index of the check's creation (0 where the endpoint does not report it).
    public var createIndex: UInt64
    /// Raft index of the check's last change (0 where the endpoint does not report it).
    public var modifyIndex: UInt64

    /// Creates a check state; for tests and test doubles.
    public init(
        node: String = "",
        checkID: String,
        name: String = "",
        status: HealthStatus,
        notes: String = "",
        output: String = "",
        serviceID: String = "",
        serviceName: String = "",
        serviceTags: [String] = [],
        type: String = "",
        createIndex: UInt64 = 0,
        modifyIndex: UInt64 = 0
    ) {
        self.node = node
        self.checkID = checkID
        self.name = name
        self.status = status
        self.notes = notes
        self.output = output
        self.serviceID = serviceID
        self.serviceName = serviceName
        self.serviceTags = serviceTags
        self.type = type
        self.createIndex = createIndex
        self.modifyIndex = modifyIndex
    }

    enum CodingKeys: String, CodingKey {
        case node = "Node"
        case checkID = "CheckID"
        case name = "Name"
        case status = "Status"
        case notes = "Notes"
        case output = "Output"
        case serviceID = "ServiceID"
        case serviceName = "ServiceName"
        case serviceTags = "ServiceTags"
        case type = "Type"
        case createIndex = "CreateIndex"
        case modifyIndex = "ModifyIndex"
    }

    /// Decodes Consul's JSON, where lists may be `null` and optional texts absent.
    ///
    /// - Throws: `DecodingError` when `CheckID` or `Status` is missing or a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.node = try container.decodeIfPresent(String.self, forKey: .node) ?? ""
        self.checkID = try container.decode(String.self, forKey: .checkID)
        self.name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        self.status = try container.decode(HealthStatus.self, forKey: .status)
        self.notes = try container.decodeIfPresent(String.self, forKey: .notes) ?? ""
        self.output = try container.decodeIfPresent(String.self, forKey: .output) ?? ""
        self.serviceID = try container.decodeIfPresent(String.self, forKey: .serviceID) ?? ""
        self.serviceName = try container.decodeIfPresent(String.self, forKey: .serviceName) ?? ""
        self.serviceTags = try container.decodeIfPresent([String].self, forKey: .serviceTags) ?? []
        self.type = try container.decodeIfPresent(String.self, forKey: .type) ?? ""
        self.createIndex = try container.decodeIfPresent(UInt64.self, forKey: .createIndex) ?? 0
        self.modifyIndex = try container.decodeIfPresent(UInt64.self, forKey: .modifyIndex) ?? 0
    }
}
