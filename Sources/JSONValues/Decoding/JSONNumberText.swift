/// Numbers as the scanner keeps them (their source text) turned into Swift numbers, exactly or not at all.
enum JSONNumberText {
    /// The integer `text` denotes, or `nil` when it is not an integer of `type`'s range.
    ///
    /// Plain decimal and JSON5 hexadecimal digits are parsed exactly, so `18446744073709551615` is a `UInt64`
    /// and `9223372036854775808` is not an `Int64`. A fraction or exponent goes through `Double` and must then
    /// be a whole number in range (`1e3` is 1000, `1.5` is nothing), as Foundation's decoder allows.
    static func integer<T: FixedWidthInteger>(_ text: String, as type: T.Type) -> T? {
        var digits = Substring(text)
        var sign = ""
        if let first = digits.first, first == "-" || first == "+" {
            if first == "-" { sign = "-" }
            digits = digits.dropFirst()
        }
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            return T(sign + digits.dropFirst(2), radix: 16)
        }
        if !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return T(sign + digits, radix: 10)
        }
        guard let double = Double(text), double.isFinite else { return nil }
        return T(exactly: double)
    }

    /// The floating-point value `text` denotes, rounded to `type`, or `nil` when it is out of `type`'s range
    /// (a finite number too large for `Float`), which Foundation's decoder refuses too.
    static func floatingPoint<T: BinaryFloatingPoint & LosslessStringConvertible>(
        _ text: String, as type: T.Type
    ) -> T? {
        // Swift's parser reads "+1" and "1." as JSON5 allows, and "Infinity" and "NaN".
        guard let value = T(text) else { return nil }
        // An infinity is a value only when written as one (JSON5's `Infinity`); `1e999` overflows every type,
        // and Foundation's decoder refuses it as not representable.
        if value.isInfinite, !text.contains("Infinity") { return nil }
        return value
    }
}
