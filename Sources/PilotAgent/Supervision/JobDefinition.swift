import Glibc

/// A process pilot runs and supervises: the managed service, or the Consul client agent. Jobs are the unit
/// pilot is built around, so that ContainerPilot configurations (many jobs, ordering, periodic jobs) fit.
struct JobDefinition: Sendable {
    /// The job's name in logs and status (`main`, `consul-agent`).
    var name: String
    /// The program and its arguments.
    var arguments: [String]
    /// Variables added to (or replacing those of) pilot's own environment for the process.
    var environment: [String: String] = [:]
    /// When the process is started again after it exits.
    var restartPolicy: RestartPolicy = .onFailure
    /// The signal that asks the process to stop.
    var stopSignal: Int32 = SIGTERM
    /// How long the process may take to stop before its process group is killed.
    var stopTimeout: Duration = .seconds(5)
    /// Work done before the stop signal on shutdown, such as asking a Consul agent to leave its cluster.
    var beforeStop: (@Sendable () async -> Void)?
}
