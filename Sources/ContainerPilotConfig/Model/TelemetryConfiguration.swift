/// The Prometheus endpoint (`telemetry`): served on `port` at `/metrics` and registered in Consul as the service
/// `containerpilot` with a TTL check of 15 s refreshed every 5 s, as ContainerPilot does.
public struct TelemetryConfiguration: Hashable, Sendable {
    /// The port served and advertised (`port`, 9090 by default).
    public var port: Int
    /// Where the advertised address comes from (`interfaces`).
    public var interfaces: [InterfaceSpecification]
    /// The service's tags (`tags`).
    public var tags: [String]
    /// The user's collectors (`metrics`).
    public var metrics: [MetricConfiguration]

    /// The name of the service ContainerPilot registers for its telemetry endpoint.
    public static let serviceName = "containerpilot"
    /// ContainerPilot's port when `port` is not given.
    public static let defaultPort = 9090

    /// Creates a telemetry configuration.
    public init(
        port: Int = TelemetryConfiguration.defaultPort,
        interfaces: [InterfaceSpecification] = InterfaceSpecification.defaults,
        tags: [String] = [], metrics: [MetricConfiguration] = []
    ) {
        self.port = port
        self.interfaces = interfaces
        self.tags = tags
        self.metrics = metrics
    }
}
