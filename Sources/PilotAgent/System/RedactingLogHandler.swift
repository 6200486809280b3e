import Logging

/// Wraps a log handler and takes secrets out of every line before it is written: the message, the
/// metadata (the handler's and the event's) and the error. Descriptions of pilot's own types already hide
/// the ACL token; this is the guard for what a library logs (a service's description, a request's
/// detail) at any level, in any format.
struct RedactingLogHandler: LogHandler {
    /// The handler that writes.
    var wrapped: any LogHandler
    /// Replaces each secret in a text.
    let redact: @Sendable (String) -> String

    var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        event.message = Logger.Message(stringLiteral: redact(event.message.description))
        event.metadata = event.metadata.map { $0.mapValues(clean) }
        if let error = event.error {
            event.error = RedactedError(description: redact("\(error)"))
        }
        var handler = wrapped
        handler.metadata = handler.metadata.mapValues(clean)
        handler.log(event: event)
    }

    private func clean(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        .string(redact(value.description))
    }

    /// An error whose text has been redacted.
    private struct RedactedError: Error, CustomStringConvertible {
        var description: String
    }
}
