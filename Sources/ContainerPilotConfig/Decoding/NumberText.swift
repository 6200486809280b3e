/// JSON5 number literals as ContainerPilot's decoder sees them: every number becomes a 64-bit float.
enum NumberText {
    /// The value of a JSON5 number literal as the scanner kept it (`8080`, `-1.5`, `0x1F`, `+5`, `.5`,
    /// `Infinity`, `NaN`); `nil` for text that is none of these.
    static func value(of text: String) -> Double? {
        var rest = Substring(text)
        var sign = 1.0
        if rest.first == "-" || rest.first == "+" {
            if rest.first == "-" { sign = -1 }
            rest = rest.dropFirst()
        }
        if rest == "Infinity" { return sign * .infinity }
        if rest == "NaN" { return .nan }
        if rest.hasPrefix("0x") || rest.hasPrefix("0X") {
            guard let integer = UInt64(rest.dropFirst(2), radix: 16) else { return nil }
            return sign * Double(integer)
        }
        guard let magnitude = Double(rest) else { return nil }
        return sign * magnitude
    }

    /// A number as text where a string is expected: whole numbers without a fraction (`8080`, not
    /// `8080.0`), as Go's shortest formatting writes them.
    static func text(of value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 9.0e15 {
            return String(Int64(value))
        }
        return String(value)
    }
}
