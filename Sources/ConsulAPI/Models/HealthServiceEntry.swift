/// One instance of a service with its node and checks: an element of `/v1/health/service/:name`.
public struct HealthServiceEntry: Codable, Hashable, Sendable {
    /// The node the instance runs on.
    public var node: ConsulNode
    /// The instance.
    public var service: AgentService
    /// The node's and the instance's checks.
    public var checks: [HealthCheck]

    /// Creates an entry; for tests and test doubles.
    public init(node: ConsulNode, service: AgentService, checks: [HealthCheck] = []) {
        self.node = node
        self.service = service
        self.checks = checks
    }

    enum CodingKeys: String, CodingKey {
        case node = "Node"
        case service = "Service"
        case checks = "Checks"
    }

    /// Decodes Consul's JSON, where `Checks` may be `null`.
    ///
    /// - Throws: `DecodingError` when `Node` or `Service` is missing or malformed.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.node = try container.decode(ConsulNode.self, forKey: .node)
        self.service = try container.decode(AgentService.self, forKey: .service)
        self.checks = try container.decodeIfPresent([HealthCheck].self, forKey: .checks) ?? []
    }

    /// The address to reach the instance at: `Service.Address`, or `Node.Address` when that is empty, as Consul
    /// documents.
    public var instanceAddress: String {
        self.service.address.isEmpty ? self.node.address : self.service.address
    }

    /// `address:port` of the instance (IPv6 addresses in brackets), the form `services.json` lists.
    public var instanceEndpoint: String {
        let address = self.instanceAddress
        return address.contains(":") ? "[\(address)]:\(self.service.port)" : "\(address):\(self.service.port)"
    }

    /// The worst status among the checks (maintenance > critical > warning > passing); passing without checks.
    public var aggregatedStatus: HealthStatus {
        self.checks.map(\.status).max { $0.severity < $1.severity } ?? .passing
    }
}
