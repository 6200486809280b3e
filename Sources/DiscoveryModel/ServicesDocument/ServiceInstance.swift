/// One healthy instance of a dependency as the application sees it: `ip:port`, or `[ipv6]:port`.
public struct ServiceInstance: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The address: an IP, or a host name where Consul holds one.
    public var host: String {
        didSet { address = IPAddress(host) }
    }
    /// The port.
    public var port: Int
    /// `host` parsed, once, when it is set: instances are compared on every change of every dependency, and
    /// parsing in each comparison made the document cost tens of milliseconds (issue 11, defect 8).
    private var address: IPAddress?

    /// Creates an instance. An IPv6 host is written without brackets; an IP address is kept in canonical
    /// form, so that `2001:0db8::1` and `2001:db8::1` are one instance.
    public init(host: String, port: Int) {
        let address = IPAddress(host)
        self.host = address?.description ?? host
        self.port = port
        self.address = address
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
            // Bytes, not characters: a `services.json` of thousands of instances is read on start-up.
            guard let colon = text.utf8.lastIndex(of: UInt8(ascii: ":")) else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard !host.isEmpty, !host.utf8.contains(UInt8(ascii: ":")) else { return nil }
        }
        guard !portText.isEmpty, portText.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let port = Int(portText), (0...65535).contains(port)
        else { return nil }
        self.init(host: String(host), port: port)
    }

    /// `ip:port`, with brackets around an IPv6 address.
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(host.utf8.count + 8)
        appendDescription(to: &bytes, escaped: false)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the UTF-8 of ``description`` to `bytes`, JSON-escaped when `escaped` (only a host name can
    /// hold a character JSON escapes).
    func appendDescription(to bytes: inout [UInt8], escaped: Bool) {
        let bracketed = host.utf8.contains(UInt8(ascii: ":"))
        if bracketed { bytes.append(UInt8(ascii: "[")) }
        if escaped { JSONText.appendEscaped(host, to: &bytes) } else { bytes.append(contentsOf: host.utf8) }
        if bracketed { bytes.append(UInt8(ascii: "]")) }
        bytes.append(UInt8(ascii: ":"))
        JSONText.appendDecimal(port, to: &bytes)
    }

    /// IP addresses numerically (IPv4 first), then host names alphabetically, then by port.
    public static func < (lhs: ServiceInstance, rhs: ServiceInstance) -> Bool {
        switch (lhs.address, rhs.address) {
        case (let left?, let right?):
            if left != right { return left < right }
        case (.some, .none): return true
        case (.none, .some): return false
        case (.none, .none):
            if lhs.host != rhs.host { return lhs.host < rhs.host }
        }
        return lhs.port < rhs.port
    }

    /// `instances` in the order of `<`, without duplicates, hashing nothing. Watches deliver them sorted
    /// already, and the standard library's sort finds sorted runs, so that is one pass. After the sort,
    /// equal instances stand in one run of instances that `<` cannot tell apart (only a host set by hand
    /// in a non-canonical form makes such a run hold unequal ones), and only that run is searched.
    static func sortedUnique(_ instances: [ServiceInstance]) -> [ServiceInstance] {
        var result = instances.sorted()
        var kept = 0
        var runStart = 0
        for index in result.indices {
            if kept > 0, !(result[kept - 1] < result[index]) {
                if result[runStart..<kept].contains(result[index]) { continue }
            } else {
                runStart = kept
            }
            result[kept] = result[index]
            kept += 1
        }
        result.removeSubrange(kept...)
        return result
    }

    /// Equal hosts and ports; the parsed address follows from the host.
    public static func == (lhs: ServiceInstance, rhs: ServiceInstance) -> Bool {
        lhs.port == rhs.port && lhs.host == rhs.host
    }

    /// Hashes the host and port, as `==` compares them.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(host)
        hasher.combine(port)
    }
}
