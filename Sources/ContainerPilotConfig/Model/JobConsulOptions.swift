/// Job-specific Consul registration options (a job's `consul`).
public struct JobConsulOptions: Hashable, Sendable {
    /// Whether agents may change the service's tags in the catalog (`enableTagOverride`).
    public var enableTagOverride: Bool
    /// After how long in the critical state Consul removes the service (`deregisterCriticalServiceAfter`);
    /// `nil` for never.
    public var deregisterCriticalServiceAfter: Duration?

    /// Creates options.
    public init(enableTagOverride: Bool = false, deregisterCriticalServiceAfter: Duration? = nil) {
        self.enableTagOverride = enableTagOverride
        self.deregisterCriticalServiceAfter = deregisterCriticalServiceAfter
    }
}
