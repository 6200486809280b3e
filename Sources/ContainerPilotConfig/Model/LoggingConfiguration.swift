/// ContainerPilot's own logging (`logging`).
public struct LoggingConfiguration: Hashable, Sendable {
    /// The least severe level logged (`level`, any letter case).
    public enum Level: String, Hashable, Sendable, CaseIterable {
        /// `DEBUG`.
        case debug
        /// `INFO`, the default.
        case info
        /// `WARN` (also `WARNING`, logrus's spelling).
        case warn
        /// `ERROR`.
        case error
        /// `FATAL`.
        case fatal
        /// `PANIC`.
        case panic
    }

    /// The form of each line (`format`, any letter case).
    public enum Format: String, Hashable, Sendable, CaseIterable {
        /// A timestamp and the message, like Go's `log` package: the default.
        case `default`
        /// logrus's `key=value` text.
        case text
        /// One JSON object a line.
        case json
    }

    /// Where lines go (`output`).
    public enum Output: Hashable, Sendable {
        /// Standard output, the default.
        case stdout
        /// Standard error.
        case stderr
        /// A file, reopened on `SIGUSR1` for log rotation.
        case file(String)
    }

    /// The least severe level logged.
    public var level: Level
    /// The form of each line.
    public var format: Format
    /// Where lines go.
    public var output: Output

    /// Creates a logging configuration; the defaults are ContainerPilot's.
    public init(level: Level = .info, format: Format = .default, output: Output = .stdout) {
        self.level = level
        self.format = format
        self.output = output
    }
}
