/// What `/v1/agent/self` says about the agent: its configuration summary and its own gossip membership.
public struct AgentSelf: Codable, Hashable, Sendable {
    /// The parts of the agent's configuration a client needs.
    public struct Config: Codable, Hashable, Sendable {
        /// The agent's datacenter.
        public var datacenter: String
        /// The agent's node name.
        public var nodeName: String
        /// The agent's node UUID.
        public var nodeID: String
        /// Whether the agent is a server.
        public var server: Bool
        /// The Consul version, such as `1.8.7`.
        public var version: String

        /// Creates a configuration summary; for tests and test doubles.
        public init(datacenter: String, nodeName: String, nodeID: String, server: Bool, version: String) {
            self.datacenter = datacenter
            self.nodeName = nodeName
            self.nodeID = nodeID
            self.server = server
            self.version = version
        }

        enum CodingKeys: String, CodingKey {
            case datacenter = "Datacenter"
            case nodeName = "NodeName"
            case nodeID = "NodeID"
            case server = "Server"
            case version = "Version"
        }
    }

    /// The configuration summary.
    public var config: Config
    /// The agent's own gossip membership.
    public var member: AgentMember

    /// Creates the description; for tests and test doubles.
    public init(config: Config, member: AgentMember) {
        self.config = config
        self.member = member
    }

    enum CodingKeys: String, CodingKey {
        case config = "Config"
        case member = "Member"
    }
}
