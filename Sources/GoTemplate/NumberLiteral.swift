/// Go's numeric constants as text/template reads them: `42`, `-7`, `0x1F`, `0o17`, `017` (octal), `0b101`,
/// `1_000`, `1.5`, `1e3`, `0x1p-2`.
enum NumberLiteral {
    /// The value of `text`, an integer unless written with a point or an exponent; nil if it is not a number.
    static func parse(_ text: String) -> TemplateValue? {
        var body = Substring(text)
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        let lowered = body.lowercased()
        let isHex = lowered.hasPrefix("0x")
        let digits = String(body.filter { $0 != "_" })
        if let integer = integer(digits) {
            return .integer(negative ? -integer : integer)
        }
        let looksFloating = isHex ? lowered.contains("p") : lowered.contains(where: { ".ep".contains($0) })
        guard let double = Double(digits), double.isFinite else { return nil }
        let signed = negative ? -double : double
        if !looksFloating, signed.rounded() == signed, abs(signed) < 9.2e18 {
            return .integer(Int(signed))
        }
        return .double(signed)
    }

    private static func integer(_ digits: String) -> Int? {
        let lowered = digits.lowercased()
        if lowered.hasPrefix("0x") { return Int(lowered.dropFirst(2), radix: 16) }
        if lowered.hasPrefix("0o") { return Int(lowered.dropFirst(2), radix: 8) }
        if lowered.hasPrefix("0b") { return Int(lowered.dropFirst(2), radix: 2) }
        if lowered.count > 1, lowered.hasPrefix("0") { return Int(lowered.dropFirst(), radix: 8) }
        return Int(lowered, radix: 10)
    }
}
