public import DiscoveryModel

/// One way to find the address a service is registered with (an element of `interfaces`), in every form
/// ContainerPilot accepts.
///
/// The forms pilot's own `SERVICE_INTERFACE` knows (`eth0`, `eth0:inet6`, `static:ADDR`, a network) are kept as
/// DiscoveryModel's ``ServiceInterface``; ContainerPilot adds an address by position and any interface's
/// address.
public enum InterfaceSpecification: Hashable, Sendable, CustomStringConvertible {
    /// `eth0`, `eth2:inet`, `eth2:inet6`, `static:192.168.1.100`, `10.0.0.0/16`, `2001:db8::/64`.
    case service(ServiceInterface)
    /// The address at a zero-based position on an interface, all families together: `eth1[1]`.
    case indexed(interface: String, index: Int)
    /// The first address of the family on any interface but loopback: `inet`, `inet6`.
    case anyInterface(ServiceInterface.Family)

    /// What ContainerPilot's documentation gives as the default: the first IPv4 address of `eth0`.
    public static let defaults: [InterfaceSpecification] = [.service(.named("eth0", .inet))]

    /// Reads one specification, trying the forms in ContainerPilot's order: `inet`/`inet6`, `static:`, an
    /// interface name (letters, digits and `_`, as its pattern `\w+` allows) with an index or a family, and last
    /// a network in CIDR notation.
    ///
    /// - Returns: `nil` when the text is none of the forms.
    public init?(parsing text: String) {
        switch text {
        case "inet":
            self = .anyInterface(.inet)
            return
        case "inet6":
            self = .anyInterface(.inet6)
            return
        default:
            break
        }
        if text.hasPrefix("static:") {
            guard let address = IPAddress(String(text.dropFirst("static:".count))) else { return nil }
            self = .service(.fixed(address))
            return
        }
        if let specification = Self.parseNamed(text) {
            self = specification
            return
        }
        guard let slash = text.firstIndex(of: "/"), let address = IPAddress(String(text[..<slash])),
            let length = Int(text[text.index(after: slash)...]), length >= 0, length <= (address.isIPv6 ? 128 : 32),
            text[text.index(after: slash)...].allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        self = .service(.network(address, prefixLength: length))
    }

    /// `NAME`, `NAME[INDEX]`, `NAME:inet` or `NAME:inet6`, with NAME made of ASCII letters, digits and `_`.
    private static func parseNamed(_ text: String) -> InterfaceSpecification? {
        let nameEnd = text.firstIndex { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) } ?? text.endIndex
        let name = String(text[..<nameEnd])
        guard !name.isEmpty else { return nil }
        let rest = text[nameEnd...]
        if rest.isEmpty { return .service(.named(name, .inet)) }
        if rest == ":inet" { return .service(.named(name, .inet)) }
        if rest == ":inet6" { return .service(.named(name, .inet6)) }
        guard rest.first == "[", rest.last == "]" else { return nil }
        let digits = rest.dropFirst().dropLast()
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let index = Int(digits) else {
            return nil
        }
        return .indexed(interface: name, index: index)
    }

    /// The specification as the configuration writes it.
    public var description: String {
        switch self {
        case .service(.named(let name, .inet)): "\(name):inet"
        case .service(let interface): interface.description
        case .indexed(let name, let index): "\(name)[\(index)]"
        case .anyInterface(let family): family.rawValue
        }
    }
}
