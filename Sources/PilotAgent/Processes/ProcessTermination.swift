/// How a child process ended.
enum ProcessTermination: Hashable, Sendable, CustomStringConvertible {
    /// It called `exit` with this status.
    case exited(Int32)
    /// A signal ended it.
    case signaled(Int32)

    /// Decodes a `waitpid` status (the `WIFEXITED`/`WTERMSIG` macros, which Swift cannot import).
    init(waitStatus status: Int32) {
        let signal = status & 0x7F
        if signal == 0 {
            self = .exited((status >> 8) & 0xFF)
        } else {
            self = .signaled(signal)
        }
    }

    /// Whether it exited with status 0.
    var isSuccess: Bool { self == .exited(0) }

    /// The exit code a shell would report: the status, or 128 plus the signal.
    var shellExitCode: Int32 {
        switch self {
        case .exited(let status): status
        case .signaled(let signal): 128 + signal
        }
    }

    /// `exit status 3`, `killed by SIGKILL`.
    var description: String {
        switch self {
        case .exited(let status): "exit status \(status)"
        case .signaled(let signal): "killed by \(SignalName.name(of: signal))"
        }
    }
}
