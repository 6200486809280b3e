public import ConsulAPI
import Glibc
public import Logging

/// The one place pilot bootstraps swift-log; libraries only receive loggers.
public enum LoggingSetup {
    /// Installs the handler for `format` at `level`, writing to standard error, with `token` kept out of
    /// every line.
    public static func bootstrap(format: LogFormat, level: Logger.Level, redacting token: ConsulToken?) {
        bootstrap(format: format, level: level, output: LogOutput(descriptor: STDERR_FILENO), redacting: token)
    }

    /// Installs the handler for `format` at `level`, writing to `destination`, with `token` kept out of every
    /// line.
    ///
    /// - Throws: ``LogDestinationError`` when the destination is a file that cannot be opened.
    public static func bootstrap(
        format: LogFormat, level: Logger.Level, destination: LogDestination, redacting token: ConsulToken?
    ) throws(LogDestinationError) {
        bootstrap(format: format, level: level, output: try destination.open(), redacting: token)
    }

    private static func bootstrap(format: LogFormat, level: Logger.Level, output: LogOutput, redacting token: ConsulToken?) {
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler
            switch (format, output.descriptor) {
            case (.text, STDERR_FILENO): handler = StreamLogHandler.standardError(label: label)
            case (.text, STDOUT_FILENO): handler = StreamLogHandler.standardOutput(label: label)
            case (.text, _): handler = TextLogHandler(label: label, output: output)
            case (.json, _): handler = JSONLogHandler(label: label, output: output)
            }
            handler.logLevel = level
            guard let token else { return handler }
            return RedactingLogHandler(wrapped: handler, redact: token.redacting)
        }
    }
}
