/// A failure of the client's own HTTP/1.1 exchange, below any HTTP status: what ``TransportFailure`` sorts into
/// ``ConsulError`` codes.
enum HTTPTransportError: Error, Sendable, Equatable {
    /// The connection closed (Consul, or something between) before the whole reply arrived.
    case closedBeforeReply
    /// The call's deadline passed before the whole reply arrived.
    case deadlineExceeded
    /// The reply's body is larger than ``ConsulConfiguration/maximumResponseBytes``.
    case replyTooLarge(limit: Int)
    /// The reply is not HTTP/1.1 this client can read (a second reply, data before a request).
    case unexpectedData
}
