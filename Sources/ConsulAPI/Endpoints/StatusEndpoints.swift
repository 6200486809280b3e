/// The `/v1/status/...` endpoints: the Raft leader and peers. They need no ACL token.
///
/// Every method throws ``ConsulError`` or `CancellationError`.
public struct StatusEndpoints: Sendable {
    let client: ConsulClient

    /// The leader's `ip:port`, or an empty string while there is none: `GET /v1/status/leader`.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func leader() async throws -> String {
        try await self.client.query(ConsulRequest(.get, "/v1/status/leader"), as: String.self).value
    }

    /// The Raft peers' `ip:port`s: `GET /v1/status/peers`.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func peers() async throws -> [String] {
        try await self.client.query(ConsulRequest(.get, "/v1/status/peers"), as: [String].self).value
    }
}
