/// How often a job's process is run again after it exits (`restarts`).
public enum JobRestartPolicy: Hashable, Sendable {
    /// Never again (`"never"`, `0`): the default, except for jobs with `when.interval`.
    case never
    /// At most this many more times (a positive number, or a numeric string).
    case limited(Int)
    /// Without limit (`"unlimited"`): the default for jobs with `when.interval`.
    case unlimited
}
