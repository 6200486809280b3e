import DiscoveryModel
import Glibc

/// The addresses of this host's network interfaces, read with `getifaddrs`, and the one
/// `SERVICE_INTERFACE` picks for registration.
struct InterfaceAddresses: Sendable {
    /// One address of one interface.
    struct Entry: Sendable, Equatable {
        /// The interface's name, e.g. `eth0`.
        var interface: String
        /// The address.
        var address: IPAddress
    }

    /// Every IPv4 and IPv6 address, in the order the kernel lists them.
    var entries: [Entry]

    /// Reads the host's interfaces.
    static func current() -> InterfaceAddresses {
        var entries: [Entry] = []
        var first: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&first) == 0 else { return InterfaceAddresses(entries: []) }
        defer { freeifaddrs(first) }
        var cursor = first
        while let current = cursor {
            defer { cursor = current.pointee.ifa_next }
            guard let socketAddress = current.pointee.ifa_addr else { continue }
            let name = String(cString: current.pointee.ifa_name)
            switch Int32(socketAddress.pointee.sa_family) {
            case AF_INET:
                let address = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                let bytes = withUnsafeBytes(of: address) { Array($0) }
                entries.append(Entry(interface: name, address: .v4(bytes[0], bytes[1], bytes[2], bytes[3])))
            case AF_INET6:
                let bytes = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
                }
                let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
                entries.append(Entry(interface: name, address: .v6(groups)))
            default:
                continue
            }
        }
        return InterfaceAddresses(entries: entries)
    }

    /// The address `SERVICE_INTERFACE` names.
    ///
    /// - Throws: ``SettingsError`` naming `SERVICE_INTERFACE` when the interface does not exist or has no
    ///   such address, listing the interfaces that do exist.
    func address(for interface: ServiceInterface) throws(SettingsError) -> IPAddress {
        switch interface {
        case .fixed(let address):
            return address
        case .named(let name, let family):
            let ofInterface = entries.filter { $0.interface == name }
            guard !ofInterface.isEmpty else {
                throw SettingsError(
                    variable: "SERVICE_INTERFACE", value: interface.description,
                    reason: "no interface \"\(name)\" on this host; it has \(described)")
            }
            let wanted = ofInterface.first { entry in
                family == .inet ? !entry.address.isIPv6 : entry.address.isIPv6 && !entry.address.isLinkLocal
            }
            guard let wanted else {
                throw SettingsError(
                    variable: "SERVICE_INTERFACE", value: interface.description,
                    reason: "interface \"\(name)\" has no \(family == .inet ? "IPv4" : "global IPv6") address; "
                        + "this host has \(described)")
            }
            return wanted.address
        case .network(let network, let prefixLength):
            guard let match = entries.first(where: { $0.address.isInside(network, prefixLength: prefixLength) }) else {
                throw SettingsError(
                    variable: "SERVICE_INTERFACE", value: interface.description,
                    reason: "no interface has an address in \(network)/\(prefixLength); this host has \(described)")
            }
            return match.address
        }
    }

    /// `eth0 (192.0.2.5), lo (127.0.0.1, ::1)`.
    var described: String {
        guard !entries.isEmpty else { return "no interfaces with addresses" }
        var order: [String] = []
        var addresses: [String: [String]] = [:]
        for entry in entries {
            if addresses[entry.interface] == nil { order.append(entry.interface) }
            addresses[entry.interface, default: []].append(entry.address.description)
        }
        return order.map { "\($0) (\(addresses[$0]!.joined(separator: ", ")))" }.joined(separator: ", ")
    }
}

extension IPAddress {
    /// Whether this is an IPv6 link-local address (fe80::/10), which cannot be registered for others to reach.
    var isLinkLocal: Bool {
        if case .v6(let groups) = self { return groups[0] & 0xFFC0 == 0xFE80 }
        return false
    }

    /// Whether this address lies inside `network`/`prefixLength` (of the same family).
    func isInside(_ network: IPAddress, prefixLength: Int) -> Bool {
        func bits(_ address: IPAddress) -> [UInt8] {
            switch address {
            case .v4(let a, let b, let c, let d): [a, b, c, d]
            case .v6(let groups): groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            }
        }
        let mine = bits(self)
        let theirs = bits(network)
        guard mine.count == theirs.count, prefixLength <= mine.count * 8 else { return false }
        for bit in 0..<prefixLength {
            let mask = UInt8(0x80) >> UInt8(bit % 8)
            if mine[bit / 8] & mask != theirs[bit / 8] & mask { return false }
        }
        return true
    }
}
