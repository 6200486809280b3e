public import ConsulAPI
public import Logging

/// The one place pilot bootstraps swift-log; libraries only receive loggers.
public enum LoggingSetup {
    /// Installs the handler for `format` at `level`, writing to standard error, with `token` kept out of
    /// every line.
    public static func bootstrap(format: LogFormat, level: Logger.Level, redacting token: ConsulToken?) {
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler
            switch format {
            case .text: handler = StreamLogHandler.standardError(label: label)
            case .json: handler = JSONLogHandler(label: label)
            }
            handler.logLevel = level
            guard let token else { return handler }
            return RedactingLogHandler(wrapped: handler, redact: token.redacting)
        }
    }
}
