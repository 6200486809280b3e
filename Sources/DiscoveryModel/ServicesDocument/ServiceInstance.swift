/// One healthy instance of a dependency as the application sees it: `ip:port`, or `[ipv6]:port`.
public struct ServiceInstance: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The address: an IP, or a host name where Consul holds one.
    public var host: String
    /// The port.
    public var port: Int

    /// Creates an instance. An IPv6 host is written without brackets; an IP address is kept in canonical
    /// form, so that `2001:0db8::1` and `2001:db8::1` are one instance.
    public init(host: String, port: Int) {
        self.host = IPAddress(host)?.description ?? host
        self.port = port
    }

    /// Parses `host:port` or `[ipv6]:port`; `nil` for anything else, or a port outside 0 to 65535.
    public init?(_ text: String) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                return nil
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
            guard IPAddress(String(host))?.isIPv6 == true else { return nil }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard !host.isEmpty, !host.contains(":") else { return nil }
        }
        guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portText),
            (0...65535).contains(port)
        else { return nil }
        self.init(host: String(host), port: port)
    }

    /// `ip:port`, with brackets around an IPv6 address.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// IP addresses numerically (IPv4 first), then host names alphabetically, then by port.
    public static func < (lhs: ServiceInstance, rhs: ServiceInstance) -> Bool {
        switch (IPAddress(lhs.host), IPAddress(rhs.host)) {
        case (let left?, let right?):
            if left != right { return left < right }
        case (.some, .none): return true
        case (.none, .some): return false
        case (.none, .none):
            if lhs.host != rhs.host { return lhs.host < rhs.host }
        }
        return lhs.port < rhs.port
    }
}
