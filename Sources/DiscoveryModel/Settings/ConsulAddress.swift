/// One address of Consul's HTTP API: `host:port`, or a URL with `http://` or `https://`.
public struct ConsulAddress: Hashable, Sendable, CustomStringConvertible {
    /// `http` or `https`.
    public var scheme: String
    /// A host name or IP address; IPv6 without brackets.
    public var host: String
    /// The TCP port.
    public var port: Int

    /// The brief's default, `127.0.0.1:8500`.
    public static let `default` = ConsulAddress(scheme: "http", host: "127.0.0.1", port: 8500)

    /// Creates an address.
    public init(scheme: String, host: String, port: Int) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Parses `host:port`, `host` (port 8500), `[ipv6]:port`, or `http(s)://host[:port]` with no path.
    ///
    /// - Throws: ``SettingsError`` naming `variable` and saying what form was expected.
    public init(parsing text: String, variable: String) throws(SettingsError) {
        func fail(_ reason: String) -> SettingsError {
            SettingsError(variable: variable, value: text, reason: reason)
        }
        let expected = "expected host:port or a URL such as http://127.0.0.1:8500"
        var rest = Substring(text.trimmingBlanks())
        var scheme = "http"
        if let range = rest.firstRange(of: "://") {
            scheme = rest[..<range.lowerBound].lowercased()
            guard scheme == "http" || scheme == "https" else { throw fail("the scheme must be http or https") }
            rest = rest[range.upperBound...]
            if rest.hasSuffix("/") { rest = rest.dropLast() }
        }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@"), !rest.contains(where: \.isWhitespace) else {
            throw fail(expected)
        }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw fail(expected) }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail(expected) }
                portText = after.dropFirst()
            }
            guard IPAddress(String(host))?.isIPv6 == true else { throw fail("\"\(host)\" is not an IPv6 address") }
        } else if rest.filter({ $0 == ":" }).count > 1 {
            throw fail("write an IPv6 address in brackets, e.g. [::1]:8500")
        } else if let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty else { throw fail(expected) }
        var port = 8500
        if let portText {
            guard let parsed = Int(portText), (1...65535).contains(parsed) else {
                throw fail("the port must be a number from 1 to 65535")
            }
            port = parsed
        }
        self.init(scheme: scheme, host: String(host), port: port)
    }

    /// Parses a comma-separated list of addresses, tried in order.
    ///
    /// - Throws: ``SettingsError`` for the first entry that is not an address, or an empty list.
    public static func parseList(_ text: String, variable: String) throws(SettingsError) -> [ConsulAddress] {
        let entries = text.split(separator: ",").map { $0.trimmingBlanks() }.filter { !$0.isEmpty }
        guard !entries.isEmpty else {
            throw SettingsError(variable: variable, value: text, reason: "expected at least one address")
        }
        var addresses: [ConsulAddress] = []
        for entry in entries {
            do {
                addresses.append(try ConsulAddress(parsing: entry, variable: variable))
            } catch {
                throw SettingsError(variable: variable, value: text, reason: "\"\(entry)\": \(error.reason)")
            }
        }
        return addresses
    }

    /// `http://host:port`, brackets around IPv6.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost):\(port)"
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    fileprivate func trimmingBlanks() -> String {
        let isBlank = { (character: Character) in character == " " || character == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }) else { return "" }
        let last = lastIndex(where: { !isBlank($0) })!
        return String(self[first...last])
    }
}
