/// Requests to the registration from outside (the control socket): maintenance on and off.
final class RegistrationControl: Sendable {
    /// A request and where its outcome goes.
    struct Request: Sendable {
        var maintenance: Bool
        var reason: String
        var reply: CheckedContinuation<Void, any Error>
    }

    /// The requests, read by ``ServiceRegistration``.
    let requests: AsyncStream<Request>
    private let sink: AsyncStream<Request>.Continuation

    init() {
        (requests, sink) = AsyncStream.makeStream(of: Request.self)
    }

    /// Takes the service out of rotation (`true`) or puts it back (`false`).
    ///
    /// - Throws: the Consul error when Consul refused or could not be reached.
    func setMaintenance(_ maintenance: Bool, reason: String) async throws {
        try await withCheckedThrowingContinuation { continuation in
            let result = sink.yield(Request(maintenance: maintenance, reason: reason, reply: continuation))
            if case .terminated = result { continuation.resume(throwing: CancellationError()) }
        }
    }
}
