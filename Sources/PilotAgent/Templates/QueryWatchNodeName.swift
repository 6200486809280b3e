import ConsulAPI
import Synchronization

/// The node a `node` query watches: its given name, or the local agent's node name, asked of `/v1/agent/self`
/// on the first call and kept (an agent's node name does not change while it runs).
///
/// It is resolved inside the watch's call, so that an agent that does not answer yet is retried with the watch's
/// own backoff and logging, like any failed call.
final class QueryWatchNodeName: Sendable {
    private let name: Mutex<String?>

    /// - Parameter name: the node's name; `nil` for the local agent's node.
    init(_ name: String?) {
        self.name = Mutex(name)
    }

    /// The node's name.
    ///
    /// - Throws: ``ConsulError`` when the local agent's name is needed and `/v1/agent/self` fails;
    ///   `CancellationError`.
    func resolve(with client: ConsulClient) async throws -> String {
        if let name = self.name.withLock({ $0 }) {
            return name
        }
        let resolved = try await client.agent.selfInfo().config.nodeName
        self.name.withLock { $0 = resolved }
        return resolved
    }
}
