import Glibc
import SystemSupport

/// Where log lines go: standard error (pilot's default), standard output (ContainerPilot's default), or a file
/// (ContainerPilot's `logging.output` path).
public enum LogDestination: Sendable, Equatable {
    case standardError
    case standardOutput
    /// A file opened for appending (created `0644` when missing, never through a symbolic link).
    case file(path: String)

    /// Opens the destination; the descriptor is close-on-exec, so no job inherits it.
    ///
    /// - Throws: ``LogDestinationError`` naming the path and the reason.
    func open() throws(LogDestinationError) -> LogOutput {
        switch self {
        case .standardError: return LogOutput(descriptor: STDERR_FILENO)
        case .standardOutput: return LogOutput(descriptor: STDOUT_FILENO)
        case .file(let path):
            let descriptor = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard descriptor >= 0 else {
                throw LogDestinationError(path: path, reason: String(cString: strerror(errno)))
            }
            return LogOutput(descriptor: descriptor)
        }
    }
}

/// An open log destination: whole lines are written with one `write` each, so lines from several threads do not
/// interleave within a line.
public struct LogOutput: Sendable {
    let descriptor: Int32

    /// Writes `text` and a newline.
    func write(_ text: String) {
        TextLines.write(text, to: descriptor)
    }
}

/// The log file cannot be opened.
public struct LogDestinationError: Error, Sendable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// Why it cannot be opened (`strerror`).
    public var reason: String

    public var description: String { "cannot open the log file \(path): \(reason)" }
}
