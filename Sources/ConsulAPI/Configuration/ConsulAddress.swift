/// One Consul HTTP API endpoint: scheme, host and port.
///
/// Parsed from the forms Consul's own tools accept in `CONSUL_HTTP_ADDR` (`127.0.0.1:8500`,
/// `http://consul:8500`, `https://[::1]:8501`) and the brief's `CONSUL_ADDR` (`host:port`). This is pilot's
/// one parser of a Consul address: the agent's settings, its connection and `pilot lint --catalog` all use
/// ``init(parsing:defaultScheme:)``, so an `https://` address without a port means 8501 everywhere, and a
/// bare IPv6 address such as `::1` is read alike from every variable.
public struct ConsulAddress: Sendable, Hashable, CustomStringConvertible {
    /// How the API is reached.
    public enum Scheme: String, Sendable, Hashable {
        /// Plain HTTP (Consul's `ports.http`, 8500 by default).
        case http
        /// HTTP over TLS (Consul's `ports.https`, usually 8501).
        case https

        /// The port Consul listens on for this scheme when a configuration gives none.
        public var defaultPort: Int {
            switch self {
            case .http: 8500
            case .https: 8501
            }
        }
    }

    /// The scheme.
    public var scheme: Scheme
    /// A host name or IP address; IPv6 addresses are stored without brackets.
    public var host: String
    /// The TCP port.
    public var port: Int

    /// Creates an address from its parts.
    public init(scheme: Scheme = .http, host: String, port: Int) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Consul's default local agent address, `http://127.0.0.1:8500`.
    public static let localAgent = ConsulAddress(scheme: .http, host: "127.0.0.1", port: 8500)

    /// Parses one address.
    ///
    /// - Parameters:
    ///   - text: `host`, `host:port`, `[ipv6]:port`, optionally prefixed with `http://` or `https://`;
    ///     a trailing `/` is ignored.
    ///   - defaultScheme: the scheme used when `text` has none (`CONSUL_HTTP_SSL=true` makes it `https`).
    /// - Throws: ``ConsulError`` with code ``ConsulError/Code/invalidConfiguration`` naming the text when it is
    ///   empty, has an unsupported scheme (such as `unix://`), or a port outside 1...65535.
    public init(parsing text: String, defaultScheme: Scheme = .http) throws(ConsulError) {
        var rest = Substring(text.trimmingASCIIWhitespace())
        var scheme = defaultScheme
        if let schemeEnd = rest.firstRange(of: "://") {
            let name = rest[rest.startIndex..<schemeEnd.lowerBound].lowercased()
            guard let parsed = Scheme(rawValue: name) else {
                throw Self.invalid(text, "unsupported scheme \"\(name)\" (use http:// or https://)")
            }
            scheme = parsed
            rest = rest[schemeEnd.upperBound...]
        }
        while rest.hasSuffix("/") {
            rest = rest.dropLast()
        }
        guard !rest.isEmpty else {
            throw Self.invalid(text, "no host")
        }
        guard !rest.contains("/") else {
            throw Self.invalid(text, "a path is not allowed, only scheme://host:port")
        }

        let host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw Self.invalid(text, "unclosed [ in IPv6 address")
            }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else {
                    throw Self.invalid(text, "expected :port after ]")
                }
                portText = after.dropFirst()
            }
        } else if let colon = rest.lastIndex(of: ":") {
            // More than one colon without brackets is a bare IPv6 address with no port.
            if rest[rest.startIndex..<colon].contains(":") {
                host = rest
            } else {
                host = rest[rest.startIndex..<colon]
                portText = rest[rest.index(after: colon)...]
            }
        } else {
            host = rest
        }
        guard !host.isEmpty else {
            throw Self.invalid(text, "no host")
        }
        guard !host.contains(where: { $0.isWhitespace || $0 == "@" || $0 == "[" || $0 == "]" }) else {
            throw Self.invalid(text, "\"\(host)\" is not a host name or IP address")
        }

        var port = scheme.defaultPort
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw Self.invalid(text, "port \"\(portText)\" is not a number in 1...65535")
            }
            port = value
        }
        self.init(scheme: scheme, host: String(host), port: port)
    }

    /// Parses a comma-separated list of addresses, in failover order.
    ///
    /// - Throws: ``ConsulError`` (``ConsulError/Code/invalidConfiguration``) for the first malformed entry, or when
    ///   the list holds no address at all.
    public static func parseList(_ text: String, defaultScheme: Scheme = .http) throws(ConsulError) -> [ConsulAddress] {
        var addresses: [ConsulAddress] = []
        for entry in text.split(separator: ",") where !entry.allSatisfy(\.isWhitespace) {
            addresses.append(try ConsulAddress(parsing: String(entry), defaultScheme: defaultScheme))
        }
        guard !addresses.isEmpty else {
            throw Self.invalid(text, "no address in the list")
        }
        return addresses
    }

    /// Whether the host is this machine's loopback: `localhost`, an address in `127.0.0.0/8`, or `::1`.
    public var isLoopback: Bool {
        let host = self.host.lowercased()
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// `host:port` with IPv6 hosts in brackets, as used in URLs and `Host` headers.
    public var hostAndPort: String {
        self.host.contains(":") ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)"
    }

    /// The address as a URL prefix, such as `https://127.0.0.1:8501`.
    public var description: String {
        "\(self.scheme.rawValue)://\(self.hostAndPort)"
    }

    private static func invalid(_ text: String, _ reason: String) -> ConsulError {
        ConsulError(code: .invalidConfiguration, detail: "invalid Consul address \"\(text)\": \(reason)")
    }
}
