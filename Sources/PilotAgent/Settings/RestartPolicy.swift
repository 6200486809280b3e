/// When a job whose process exited is started again.
public enum RestartPolicy: String, Sendable, CaseIterable, Codable {
    /// Never: pilot stops (deregistering first) and exits with the process's exit code, as tini does.
    case never
    /// After a crash (non-zero exit or a signal); a clean exit stops pilot like `never`.
    case onFailure = "on-failure"
    /// After every exit.
    case always
}
