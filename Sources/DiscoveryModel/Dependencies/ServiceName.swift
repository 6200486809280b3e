/// The rule for service names: a DNS label as RFC 1123 defines it, which is also what Consul needs for a
/// service to be found through its DNS interface.
public enum ServiceName {
    /// The longest name a DNS label allows.
    public static let maximumLength = 63

    /// Why `name` is not a valid service name, or `nil` when it is.
    ///
    /// Valid: 1 to 63 ASCII letters, digits and hyphens, not starting or ending with a hyphen.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "a service name cannot be empty" }
        let utf8 = name.utf8
        for (position, byte) in utf8.enumerated() {
            let isLetterOrDigit =
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            if isLetterOrDigit || byte == UInt8(ascii: "-") { continue }
            let character = describeCharacter(in: name, atUTF8Offset: position)
            return "\(character) is not allowed; use letters, digits and hyphens (an RFC 1123 DNS label)"
        }
        if utf8.count > maximumLength {
            return "\(utf8.count) characters is too long; a DNS label holds at most \(maximumLength)"
        }
        if name.hasPrefix("-") || name.hasSuffix("-") {
            return "a service name cannot start or end with a hyphen"
        }
        return nil
    }

    /// Whether `name` is a valid service name.
    public static func isValid(_ name: String) -> Bool { problem(with: name) == nil }

    private static func describeCharacter(in name: String, atUTF8Offset offset: Int) -> String {
        let index = name.utf8.index(name.utf8.startIndex, offsetBy: offset)
        let scalar = name.unicodeScalars[index]
        switch scalar {
        case " ": return "a space"
        case "_": return "'_'"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                return "a control character (U+\(String(scalar.value, radix: 16, uppercase: true)))"
            }
            return "'\(scalar)'"
        }
    }
}
