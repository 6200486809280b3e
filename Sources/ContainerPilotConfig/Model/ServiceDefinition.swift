/// How a job is advertised in Consul: present when the job has a `port`.
public struct ServiceDefinition: Hashable, Sendable {
    /// The port advertised (`port`).
    public var port: Int
    /// Where the advertised address comes from, tried in order (`interfaces`); ContainerPilot's documented default
    /// when not given.
    public var interfaces: [InterfaceSpecification]
    /// The service's tags (`tags`).
    public var tags: [String]
    /// The status registered before the first check (`initial_status`); `nil` to register only after the first
    /// passing check.
    public var initialStatus: InitialHealthStatus?
    /// Job-specific Consul options (`consul`).
    public var consul: JobConsulOptions
    /// The service's Consul metadata (`meta`, pilot's addition to ContainerPilot's keys).
    public var meta: [String: String]

    /// Creates a registration.
    public init(
        port: Int, interfaces: [InterfaceSpecification] = InterfaceSpecification.defaults, tags: [String] = [],
        initialStatus: InitialHealthStatus? = nil, consul: JobConsulOptions = JobConsulOptions(),
        meta: [String: String] = [:]
    ) {
        self.meta = meta
        self.port = port
        self.interfaces = interfaces
        self.tags = tags
        self.initialStatus = initialStatus
        self.consul = consul
    }
}
