/// Whether a ``ConsulClient`` can reach Consul, as seen from its calls; see
/// ``ConsulClient/reachabilityChanges()``.
public enum ConsulReachability: Sendable, Hashable, CustomStringConvertible {
    /// A call was answered (any status below 500): Consul is there.
    case reachable
    /// Calls fail to connect (or time out) and none is in flight; the text describes the latest failure.
    case unreachable(String)

    /// `reachable`, or `unreachable: <error>`.
    public var description: String {
        switch self {
        case .reachable: "reachable"
        case .unreachable(let error): "unreachable: \(error)"
        }
    }
}
