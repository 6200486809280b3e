import Logging

/// A log handler writing swift-log's text lines to a ``LogOutput`` (swift-log's own stream handler writes only
/// to the standard streams): `2026-11-30T21:20:37Z info pilot: job=app started pid=42`.
struct TextLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    let label: String
    let output: LogOutput

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 })
            .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let suffix = fields.isEmpty ? "" : " " + fields.joined(separator: " ")
        output.write("\(Timestamp.now.iso8601) \(event.level.rawValue) \(label): \(event.message)\(suffix)")
    }
}
