public import Logging
import Synchronization

/// Collects every log line of the loggers it makes, so tests can read what the library logged.
public final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    /// A recorder with no line yet.
    public init() {}

    /// A logger at trace level that records into this recorder.
    public func logger(label: String = "consul-api-test") -> Logger {
        var logger = Logger(label: label) { label in InMemoryLogHandler(label: label, recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every line so far, each with its level, message, metadata and source.
    public var recorded: [String] {
        self.lines.withLock { $0 }
    }

    /// The lines so far that contain `text`.
    public func lines(containing text: String) -> [String] {
        self.recorded.filter { $0.contains(text) }
    }

    fileprivate func append(_ line: String) {
        self.lines.withLock { $0.append(line) }
    }
}

/// A `LogHandler` that renders each record, metadata included, into a ``LogRecorder``.
public struct InMemoryLogHandler: LogHandler {
    let label: String
    let recorder: LogRecorder
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = self.metadata
        if let extra = event.metadata {
            merged.merge(extra) { _, new in new }
        }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        self.recorder.append("\(event.level) \(self.label) \(event.message) \(rendered) [\(event.source)]")
    }
}
