public import Logging

/// The one place pilot bootstraps swift-log; libraries only receive loggers.
public enum LoggingSetup {
    /// Installs the handler for `format` at `level`, writing to standard error.
    public static func bootstrap(format: LogFormat, level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler
            switch format {
            case .text: handler = StreamLogHandler.standardError(label: label)
            case .json: handler = JSONLogHandler(label: label)
            }
            handler.logLevel = level
            return handler
        }
    }
}
