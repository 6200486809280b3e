/// One HTTP request as the control socket and the metrics port see it: small, read whole.
struct HTTPRequest: Sendable {
    /// `GET`, `POST`, ...
    var method: String
    /// The path, without the query string.
    var path: String
    /// The body's bytes (empty when there is none).
    var body: [UInt8]
}
