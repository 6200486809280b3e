import JSONValues

/// One HTTP response: a status, a content type and a body.
struct HTTPReply: Sendable, Equatable {
    /// The status code, such as 200.
    var status: Int
    /// The `Content-Type` header.
    var contentType: String
    /// The body.
    var body: [UInt8]

    /// A JSON reply: `value` encoded with sorted keys, slashes as they are, and a final newline. Times are
    /// ``Timestamp``s, which encode as ISO 8601.
    static func json(_ value: some Encodable, status: Int = 200) -> HTTPReply {
        let encoder = JSONTextEncoder(outputFormatting: [.sortedKeys, .withoutEscapingSlashes])
        let bytes = (try? encoder.encode(value)) ?? Array("{}".utf8)
        return HTTPReply(status: status, contentType: "application/json", body: bytes + [UInt8(ascii: "\n")])
    }

    /// `{"error": message}` with `status`.
    static func error(_ message: String, status: Int) -> HTTPReply {
        json(["error": message], status: status)
    }
}
