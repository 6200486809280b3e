import FoundationEssentials

/// One HTTP response: a status, a content type and a body.
struct HTTPReply: Sendable, Equatable {
    /// The status code, such as 200.
    var status: Int
    /// The `Content-Type` header.
    var contentType: String
    /// The body.
    var body: [UInt8]

    /// A JSON reply: `value` encoded with sorted keys, dates in ISO 8601, and a final newline.
    static func json(_ value: some Encodable, status: Int = 200) -> HTTPReply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let bytes = (try? encoder.encode(value)).map(Array.init) ?? Array("{}".utf8)
        return HTTPReply(status: status, contentType: "application/json", body: bytes + [UInt8(ascii: "\n")])
    }

    /// `{"error": message}` with `status`.
    static func error(_ message: String, status: Int) -> HTTPReply {
        json(["error": message], status: status)
    }
}
