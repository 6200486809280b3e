public import DiscoveryModel

/// One job of a ContainerPilot configuration (an element of `jobs`), validated and with ContainerPilot's
/// defaults resolved, ready for an engine to run.
public struct JobConfiguration: Hashable, Sendable {
    /// The job's name, in logs, events and (for a job with a port) as the Consul service name.
    public var name: String
    /// The command and its arguments (`exec`); `nil` for a job that only registers a service.
    public var exec: [String]?
    /// When the process starts (`when`).
    public var trigger: JobTrigger
    /// How often the process runs again after it exits (`restarts`).
    public var restarts: JobRestartPolicy
    /// How long the process may run before it is killed (`timeout`); for a job with `when.interval` and no
    /// `timeout`, the interval; `nil` for no limit.
    public var timeout: Duration?
    /// How long a stopping job waits for the jobs that react to its `stopping` event (`stopTimeout`).
    public var stopTimeout: Duration
    /// Whether the process's output passes through unwrapped (`logging.raw`).
    public var rawLogging: Bool
    /// The health check (`health`), if any.
    public var health: HealthCheckConfiguration?
    /// The Consul registration, present when the job has a `port`.
    public var service: ServiceDefinition?
    /// Where the job's definition starts, for messages of the engine; not part of the definition (``==(_:_:)``).
    public var location: SourceLocation

    /// Creates a job configuration.
    public init(
        name: String, exec: [String]?, trigger: JobTrigger = .atStartup, restarts: JobRestartPolicy = .never,
        timeout: Duration? = nil, stopTimeout: Duration = .zero, rawLogging: Bool = false,
        health: HealthCheckConfiguration? = nil, service: ServiceDefinition? = nil, location: SourceLocation
    ) {
        self.name = name
        self.exec = exec
        self.trigger = trigger
        self.restarts = restarts
        self.timeout = timeout
        self.stopTimeout = stopTimeout
        self.rawLogging = rawLogging
        self.health = health
        self.service = service
        self.location = location
    }
}

extension JobConfiguration {
    /// Whether two jobs have the same definition; where they stand in the file does not count, so that a reload
    /// keeps a job running when only the lines around it changed.
    public static func == (left: JobConfiguration, right: JobConfiguration) -> Bool {
        left.name == right.name && left.exec == right.exec && left.trigger == right.trigger
            && left.restarts == right.restarts && left.timeout == right.timeout && left.stopTimeout == right.stopTimeout
            && left.rawLogging == right.rawLogging && left.health == right.health && left.service == right.service
    }

    /// Hashes the definition, without the location, as ``==(_:_:)`` compares it.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(exec)
        hasher.combine(trigger)
        hasher.combine(restarts)
        hasher.combine(timeout)
        hasher.combine(stopTimeout)
        hasher.combine(rawLogging)
        hasher.combine(health)
        hasher.combine(service)
    }
}
