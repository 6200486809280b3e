/// One instance of a service as the catalog lists it: an element of `/v1/catalog/service/:name`.
///
/// The catalog knows nothing of health; use ``HealthEndpoints/service(_:query:blocking:)`` to find instances to
/// send traffic to.
public struct CatalogServiceEntry: Codable, Hashable, Sendable {
    /// The node's UUID.
    public var nodeID: String
    /// The node name.
    public var node: String
    /// The node's address.
    public var address: String
    /// The node's datacenter.
    public var datacenter: String
    /// The instance ID.
    public var serviceID: String
    /// The service name.
    public var serviceName: String
    /// The instance's tags.
    public var serviceTags: [String]
    /// The instance's own address; empty means the node's.
    public var serviceAddress: String
    /// The instance's port.
    public var servicePort: Int
    /// The instance's metadata.
    public var serviceMeta: [String: String]
    /// Raft index of the instance's creation.
    public var createIndex: UInt64
    /// Raft index of the instance's last change.
    public var modifyIndex: UInt64

    enum CodingKeys: String, CodingKey {
        case nodeID = "ID"
        case node = "Node"
        case address = "Address"
        case datacenter = "Datacenter"
        case serviceID = "ServiceID"
        case serviceName = "ServiceName"
        case serviceTags = "ServiceTags"
        case serviceAddress = "ServiceAddress"
        case servicePort = "ServicePort"
        case serviceMeta = "ServiceMeta"
        case createIndex = "CreateIndex"
        case modifyIndex = "ModifyIndex"
    }

    /// Decodes Consul's JSON, where lists and maps may be `null`.
    ///
    /// - Throws: `DecodingError` when `Node`, `Address` or `ServiceID` is missing or a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.nodeID = try container.decodeIfPresent(String.self, forKey: .nodeID) ?? ""
        self.node = try container.decode(String.self, forKey: .node)
        self.address = try container.decode(String.self, forKey: .address)
        self.datacenter = try container.decodeIfPresent(String.self, forKey: .datacenter) ?? ""
        self.serviceID = try container.decode(String.self, forKey: .serviceID)
        self.serviceName = try container.decodeIfPresent(String.self, forKey: .serviceName) ?? ""
        self.serviceTags = try container.decodeIfPresent([String].self, forKey: .serviceTags) ?? []
        self.serviceAddress = try container.decodeIfPresent(String.self, forKey: .serviceAddress) ?? ""
        self.servicePort = try container.decodeIfPresent(Int.self, forKey: .servicePort) ?? 0
        self.serviceMeta = try container.decodeIfPresent([String: String].self, forKey: .serviceMeta) ?? [:]
        self.createIndex = try container.decodeIfPresent(UInt64.self, forKey: .createIndex) ?? 0
        self.modifyIndex = try container.decodeIfPresent(UInt64.self, forKey: .modifyIndex) ?? 0
    }

    /// `ServiceAddress`, or the node's `Address` when that is empty, as Consul documents.
    public var instanceAddress: String {
        self.serviceAddress.isEmpty ? self.address : self.serviceAddress
    }
}
