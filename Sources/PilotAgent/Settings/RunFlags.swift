/// The values of `pilot run`'s flags, as given on the command line: each overrides its environment
/// variable and configuration file key. `nil` or empty means the flag was not given.
public struct RunFlags: Sendable, Equatable {
    public var config: String?
    public var checkInterval: String?
    public var checkTimeout: String?
    public var checkTTL: String?
    public var ping: String?
    public var deregisterCriticalAfter: String?
    public var tags: [String] = []
    public var meta: [String] = []
    public var restart: String?
    public var stopTimeout: String?
    public var dependencies: String?
    public var servicesFile: String?
    public var servicesFileInPlace = false
    public var startupDeadline: String?
    public var mergeQuietPeriod: String?
    public var mergeMaximumDelay: String?
    public var keepLastKnown: [String] = []
    public var reloadSignal: String?
    public var onChange: String?
    public var templates: [String] = []
    public var consulAgentDataDir: String?
    public var consulAgentArgs: String?
    public var controlSocket: String?
    public var controlSocketGroup: String?
    public var telemetryPort: String?
    public var telemetryAddress: String?
    public var logLevel: String?
    public var logFormat: String?

    /// No flag given.
    public init() {}
}
