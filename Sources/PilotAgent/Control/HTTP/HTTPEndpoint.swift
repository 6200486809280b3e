/// Where an HTTP listener binds: a Unix socket (the control socket) or a TCP address (the metrics port).
enum HTTPEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// A Unix socket at this path.
    case unix(path: String)
    /// A TCP port on this address.
    case tcp(host: String, port: Int)

    var description: String {
        switch self {
        case .unix(let path): path
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }
}
