/// An event a job can wait for in `when.once` or `when.each` (ContainerPilot's event codes that users may name).
public enum EventCode: String, Hashable, Sendable, CaseIterable {
    /// ContainerPilot is ready to start (source `global`).
    case startup
    /// The source's health check passed, or a watched service became healthy.
    case healthy
    /// The source's health check failed, or a watched service became unhealthy.
    case unhealthy
    /// A watched service's instances changed.
    case changed
    /// The source's process exited with status 0.
    case exitSuccess
    /// The source's process exited with a non-zero status.
    case exitFailed
    /// The source job was asked to stop and has not yet stopped.
    case stopping
    /// The source job has stopped.
    case stopped
    /// The control plane put the container into maintenance.
    case enterMaintenance
    /// The control plane took the container out of maintenance.
    case exitMaintenance
    /// ContainerPilot is shutting down (source `global`).
    case shutdown
}
