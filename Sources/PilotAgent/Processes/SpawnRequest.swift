/// What to start: the command, its environment, and where its output goes.
struct SpawnRequest: Sendable {
    /// Where the child's standard output and error go.
    enum Output: Sendable {
        /// Pilot's own standard streams, as a managed service's are.
        case inherit
        /// A pipe that pilot reads, as a health check's is; standard input is `/dev/null`.
        case capture
    }

    /// The program and its arguments; the program is looked up in `PATH` unless it holds a slash.
    var arguments: [String]
    /// The complete environment of the child.
    var environment: [String: String]
    /// Where output goes.
    var output: Output = .inherit
    /// Whether the child leads a process group of its own, so that stopping it stops what it started.
    var newProcessGroup = true
}
