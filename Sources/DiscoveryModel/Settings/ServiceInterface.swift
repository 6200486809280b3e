/// Where the address registered for the service comes from (`SERVICE_INTERFACE`).
public enum ServiceInterface: Hashable, Sendable, CustomStringConvertible {
    /// Which kind of address to take from a network interface.
    public enum Family: String, Hashable, Sendable {
        /// The interface's first IPv4 address.
        case inet
        /// The interface's first global IPv6 address.
        case inet6
    }

    /// A network interface by name, e.g. `eth0` or `eth0:inet6`.
    case named(String, Family)
    /// A fixed address: `static:192.168.1.100`.
    case fixed(IPAddress)
    /// The first address of any interface inside a network, e.g. `10.0.0.0/8`.
    case network(IPAddress, prefixLength: Int)

    /// The brief's default.
    public static let `default` = ServiceInterface.named("eth0", .inet)

    /// Parses a `SERVICE_INTERFACE` value.
    ///
    /// - Throws: ``SettingsError`` naming `variable` for an invalid address, prefix or interface name.
    public init(parsing text: String, variable: String = "SERVICE_INTERFACE") throws(SettingsError) {
        func fail(_ reason: String) -> SettingsError {
            SettingsError(variable: variable, value: text, reason: reason)
        }
        if text.hasPrefix("static:") {
            let address = String(text.dropFirst("static:".count))
            guard let ip = IPAddress(address) else {
                throw fail("\"\(address)\" is not an IPv4 or IPv6 address; expected e.g. static:192.168.1.100")
            }
            self = .fixed(ip)
            return
        }
        if let slash = text.firstIndex(of: "/") {
            let address = String(text[..<slash])
            guard let ip = IPAddress(address) else {
                throw fail("\"\(address)\" is not an IP address; expected a network such as 10.0.0.0/8")
            }
            let maximum = ip.isIPv6 ? 128 : 32
            guard let length = Int(text[text.index(after: slash)...]), (0...maximum).contains(length) else {
                throw fail("the prefix length must be a number from 0 to \(maximum)")
            }
            self = .network(ip, prefixLength: length)
            return
        }
        var name = Substring(text)
        var family = Family.inet
        if let colon = text.firstIndex(of: ":") {
            let suffix = text[text.index(after: colon)...]
            guard let parsed = Family(rawValue: String(suffix)) else {
                throw fail("unknown address family \"\(suffix)\"; expected NAME, NAME:inet6, static:IP or a network")
            }
            family = parsed
            name = text[..<colon]
        }
        // Linux interface names: 1 to 15 bytes, no slash, colon or white space.
        guard !name.isEmpty, name.utf8.count <= 15,
            name.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "/" })
        else {
            throw fail("not an interface name (1 to 15 characters, e.g. eth0), static:IP or a network such as 10.0.0.0/8")
        }
        self = .named(String(name), family)
    }

    /// The form `SERVICE_INTERFACE` takes.
    public var description: String {
        switch self {
        case .named(let name, .inet): name
        case .named(let name, .inet6): "\(name):inet6"
        case .fixed(let ip): "static:\(ip)"
        case .network(let ip, let length): "\(ip)/\(length)"
        }
    }
}
