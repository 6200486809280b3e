/// An IPv4 or IPv6 address, parsed strictly and written in canonical form (RFC 5952 for IPv6).
public enum IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Four bytes.
    case v4(UInt8, UInt8, UInt8, UInt8)
    /// Sixteen bytes, as eight 16-bit groups.
    case v6([UInt16])

    /// Parses dotted-quad IPv4 (`192.0.2.1`) or IPv6 text (`2001:db8::1`, `::ffff:192.0.2.1`);
    /// `nil` for anything else, such as `999.1.1.1` or a host name. A zone (`%eth0`) is not accepted.
    public init?(_ text: String) {
        if let bytes = Self.parseIPv4(text.utf8) {
            self = .v4(bytes.0, bytes.1, bytes.2, bytes.3)
        } else if let groups = Self.parseIPv6(text) {
            self = .v6(groups)
        } else {
            return nil
        }
    }

    /// Whether this is an IPv6 address.
    public var isIPv6: Bool {
        if case .v6 = self { return true }
        return false
    }

    /// The canonical text.
    public var description: String {
        switch self {
        case .v4(let a, let b, let c, let d):
            return "\(a).\(b).\(c).\(d)"
        case .v6(let groups):
            return Self.formatIPv6(groups)
        }
    }

    /// IPv4 before IPv6, then numerically.
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a1, let b1, let c1, let d1), .v4(let a2, let b2, let c2, let d2)):
            return (a1, b1, c1, d1) < (a2, b2, c2, d2)
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        case (.v6(let left), .v6(let right)): return left.lexicographicallyPrecedes(right)
        }
    }

    /// Four decimal parts of one to three ASCII digits, each at most 255 and without a leading zero.
    ///
    /// It reads bytes and allocates nothing: every instance of every dependency is parsed on each change
    /// (issue 11, defect 8).
    private static func parseIPv4(_ text: some Collection<UInt8>) -> (UInt8, UInt8, UInt8, UInt8)? {
        var address: UInt32 = 0
        var partCount = 0
        var part: UInt32 = 0
        var digits = 0
        var startsWithZero = false
        for byte in text {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, partCount < 3 else { return nil }
                address = address << 8 | part
                partCount += 1
                (part, digits) = (0, 0)
                continue
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), digits < 3, !startsWithZero || digits == 0
            else { return nil }
            if digits == 0 { startsWithZero = byte == UInt8(ascii: "0") }
            part = part * 10 + UInt32(byte - UInt8(ascii: "0"))
            digits += 1
            guard part <= 255 else { return nil }
        }
        guard digits > 0, partCount == 3 else { return nil }
        address = address << 8 | part
        return (UInt8(address >> 24), UInt8(address >> 16 & 0xFF), UInt8(address >> 8 & 0xFF), UInt8(address & 0xFF))
    }

    private static func parseIPv6(_ text: String) -> [UInt16]? {
        guard text.contains(":") else { return nil }
        let halves = text.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false)
            .map(String.init)
        let hasGap = text.contains("::")
        if hasGap && halves.count != 2 { return nil }
        func groups(_ part: String, allowIPv4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (position, piece) in pieces.enumerated() {
                if allowIPv4Tail, position == pieces.count - 1, piece.contains(".") {
                    guard let bytes = parseIPv4(piece.utf8) else { return nil }
                    result.append(UInt16(bytes.0) << 8 | UInt16(bytes.1))
                    result.append(UInt16(bytes.2) << 8 | UInt16(bytes.3))
                    continue
                }
                guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        if hasGap {
            guard let head = groups(halves[0], allowIPv4Tail: false),
                let tail = groups(halves[1], allowIPv4Tail: true),
                head.count + tail.count <= 7
            else { return nil }
            return head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard let all = groups(text, allowIPv4Tail: true), all.count == 8 else { return nil }
        return all
    }

    private static func formatIPv6(_ groups: [UInt16]) -> String {
        // The longest run of two or more zero groups becomes "::" (the first, on a tie).
        var bestStart = -1
        var bestLength = 1
        var runStart = -1
        for index in 0...groups.count {
            if index < groups.count, groups[index] == 0 {
                if runStart < 0 { runStart = index }
            } else if runStart >= 0 {
                if index - runStart > bestLength {
                    bestStart = runStart
                    bestLength = index - runStart
                }
                runStart = -1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return hex.joined(separator: ":") }
        let head = hex[..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }
}
