/// The status a job's service is registered with before its first health check (`initial_status`).
public enum InitialHealthStatus: String, Hashable, Sendable, CaseIterable {
    /// Registered as passing.
    case passing
    /// Registered as warning.
    case warning
    /// Registered as critical.
    case critical
}
