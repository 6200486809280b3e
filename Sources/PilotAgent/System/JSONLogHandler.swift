import Glibc
import JSONValues
import Logging

/// A log handler that writes one JSON object per line (to standard error unless told otherwise):
/// `{"time":"…","level":"info","logger":"pilot","message":"registered","service":"main-h1"}`.
struct JSONLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    let label: String
    let output: LogOutput

    init(label: String, output: LogOutput = LogOutput(descriptor: STDERR_FILENO)) {
        self.label = label
        self.output = output
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = "\(value)"
        }
        fields["time"] = Timestamp.now.iso8601
        fields["level"] = event.level.rawValue
        fields["logger"] = label
        fields["message"] = "\(event.message)"
        let encoder = JSONTextEncoder(outputFormatting: [.sortedKeys, .withoutEscapingSlashes])
        guard let bytes = try? encoder.encode(fields) else { return }
        output.write(String(decoding: bytes, as: UTF8.self))
    }
}
