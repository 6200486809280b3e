/// How a job's health is checked (`health`).
public struct HealthCheckConfiguration: Hashable, Sendable {
    /// The check's command and arguments; `nil` when the job has a TTL check but no command.
    public var exec: [String]?
    /// The time between checks (`interval`, whole seconds).
    public var interval: Duration
    /// How long a passing check counts in Consul (`ttl`, whole seconds).
    public var ttl: Duration
    /// How long the check may run before it is killed (`timeout`); the interval when not given.
    public var timeout: Duration
    /// Whether the check's output passes through unwrapped (`logging.raw`).
    public var rawLogging: Bool

    /// Creates a health check configuration.
    public init(exec: [String]?, interval: Duration, ttl: Duration, timeout: Duration, rawLogging: Bool) {
        self.exec = exec
        self.interval = interval
        self.ttl = ttl
        self.timeout = timeout
        self.rawLogging = rawLogging
    }
}
