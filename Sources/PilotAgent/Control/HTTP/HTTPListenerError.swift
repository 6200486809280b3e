/// A listener that could not be bound: where, and why in the system's words.
struct HTTPListenerError: Error, Sendable, CustomStringConvertible {
    /// The endpoint.
    var endpoint: HTTPEndpoint
    /// Why, such as `Address already in use (errno: 98)`.
    var reason: String

    var description: String { "cannot listen on \(endpoint): \(reason)" }
}
