/// What happened to a supervised job, for the services that react to it (health, status, signals).
enum JobEvent: Sendable, Equatable {
    /// The process started.
    case started(job: String, pid: Int32)
    /// The process exited.
    case exited(job: String, termination: ProcessTermination)
    /// The job will not run again; pilot is to exit with this code.
    case finished(job: String, exitCode: Int32)
}
