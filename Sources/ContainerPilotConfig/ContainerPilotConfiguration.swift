public import DiscoveryModel

/// A ContainerPilot v3 configuration file, parsed and validated, with ContainerPilot's defaults resolved.
///
/// The input is the text after template rendering. What ContainerPilot 3.8 accepts is accepted with the same
/// meaning, including its loose typing (`ttl: "103"` is 103 seconds, `timeout: 5` is 5 seconds); what it rejects
/// is rejected, with the file, line and column of the key or value at fault. Where ContainerPilot accepts a
/// file but does something the author surely did not mean, ``warnings`` says so.
public struct ContainerPilotConfiguration: Hashable, Sendable {
    /// How to reach Consul (`consul`, required).
    public var consul: ConsulConnection
    /// ContainerPilot's own logging (`logging`).
    public var logging: LoggingConfiguration
    /// How long stopping jobs get before they are killed at shutdown (`stopTimeout`, seconds, 5 by default).
    public var stopTimeout: Duration
    /// The control plane's Unix socket (`control.socket`).
    public var controlSocketPath: String
    /// The jobs, in file order (`jobs`).
    public var jobs: [JobConfiguration]
    /// The watches, in file order (`watches`).
    public var watches: [WatchConfiguration]
    /// The Prometheus endpoint (`telemetry`), if configured.
    public var telemetry: TelemetryConfiguration?
    /// Files rendered from the registry with consul-template templates (`templates`, pilot's extension: a
    /// ContainerPilot container ran consul-template beside it for this).
    public var templates: [TemplateDefinition] = []
    /// What the file does that ContainerPilot accepts but that is probably a mistake.
    public var warnings: [ConfigurationWarning]

    /// ContainerPilot's control socket when `control.socket` is not given.
    public static let defaultControlSocketPath = "/var/run/containerpilot.socket"
    /// ContainerPilot's `stopTimeout` when it is not given or 0.
    public static let defaultStopTimeout = Duration.seconds(5)

    /// Creates a configuration from its parts.
    public init(
        consul: ConsulConnection, logging: LoggingConfiguration = LoggingConfiguration(),
        stopTimeout: Duration = ContainerPilotConfiguration.defaultStopTimeout,
        controlSocketPath: String = ContainerPilotConfiguration.defaultControlSocketPath, jobs: [JobConfiguration] = [],
        watches: [WatchConfiguration] = [], telemetry: TelemetryConfiguration? = nil,
        warnings: [ConfigurationWarning] = []
    ) {
        self.consul = consul
        self.logging = logging
        self.stopTimeout = stopTimeout
        self.controlSocketPath = controlSocketPath
        self.jobs = jobs
        self.watches = watches
        self.telemetry = telemetry
        self.warnings = warnings
    }

    /// Parses and validates rendered configuration text.
    ///
    /// - Parameters:
    ///   - text: the configuration after template rendering.
    ///   - file: the file's name as the user gave it, for messages.
    /// - Throws: ``ContainerPilotConfigurationError`` at the first fault, with its line, column and key path.
    public init(parsing text: String, file: String) throws(ContainerPilotConfigurationError) {
        try self.init(source: SourceText(path: file, text: text))
    }

    /// Parses and validates a rendered configuration held as a ``SourceText``.
    ///
    /// - Throws: ``ContainerPilotConfigurationError`` at the first fault, with its line, column and key path.
    public init(source: SourceText) throws(ContainerPilotConfigurationError) {
        let context = DecodingContext(source: source)
        let root: JSONNode
        do {
            root = try JSON5Scanner.parse(source.bytes)
        } catch {
            throw ContainerPilotConfigurationError(
                code: .syntax, location: source.location(ofOffset: error.offset), keyPath: "", message: error.message)
        }
        self = try Self.decode(LocatedValue(node: root, path: .root), context: context)
        warnings = context.warnings
    }
}
