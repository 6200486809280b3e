import GoTemplate

/// Template values as JSON text the way Go's `encoding/json` writes them, which consul-template's `toJSON`
/// family uses: map keys sorted, no spaces (or Go's `MarshalIndent` layout with two spaces), `<`, `>` and `&`
/// escaped as `\u003c`... unless HTML escaping is off, U+2028 and U+2029 always escaped, floats in Go's shortest
/// form (`1e+21`, `1e-7`, `0.5`, `3` for 3.0).
///
/// A map holding what consul-template gives as a Go struct (a service, a key pair) is written with sorted keys;
/// Go writes a struct's fields in declaration order. Keys and values are the same, their order differs.
struct GoJSONWriter {
    /// Whether to indent as `json.MarshalIndent(value, "", "  ")`.
    var pretty: Bool
    /// Whether `<`, `>` and `&` are escaped (`json.Marshal`; `SetEscapeHTML(false)` turns it off).
    var escapeHTML: Bool

    /// `value` as JSON text.
    ///
    /// - Throws: for NaN and infinities, which JSON cannot hold (Go's "json: unsupported value").
    func text(of value: TemplateValue) throws(TemplateFunctionError) -> String {
        var output = ""
        try write(value, depth: 0, to: &output)
        return output
    }

    private func write(_ value: TemplateValue, depth: Int, to output: inout String) throws(TemplateFunctionError) {
        switch value {
        case .nil:
            output += "null"
        case .bool(let flag):
            output += flag ? "true" : "false"
        case .integer(let number):
            output += String(number)
        case .double(let number):
            output += try Self.number(number)
        case .string(let text):
            writeString(text, to: &output)
        case .array(let elements):
            guard !elements.isEmpty else {
                output += "[]"
                return
            }
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                newline(depth + 1, &output)
                try write(element, depth: depth + 1, to: &output)
            }
            newline(depth, &output)
            output += "]"
        case .map(let entries):
            guard !entries.isEmpty else {
                output += "{}"
                return
            }
            output += "{"
            let keys = entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { output += "," }
                newline(depth + 1, &output)
                writeString(key, to: &output)
                output += pretty ? ": " : ":"
                try write(entries[key] ?? .nil, depth: depth + 1, to: &output)
            }
            newline(depth, &output)
            output += "}"
        }
    }

    private func newline(_ depth: Int, _ output: inout String) {
        guard pretty else { return }
        output += "\n" + String(repeating: "  ", count: depth)
    }

    private func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "<", ">", "&":
                // One `where` would guard only the last pattern of the three.
                if escapeHTML { output += "\\u00" + hex(scalar.value) } else { output.unicodeScalars.append(scalar) }
            case "\u{2028}", "\u{2029}": output += "\\u" + hex(scalar.value)
            default:
                if scalar.value < 0x20 {
                    output += "\\u00" + hex(scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        let width = value > 0xFF ? 4 : 2
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Go's JSON form of a float: plain decimals from 1e-6 up to 1e21, exponent form outside (`1e+21`, `1e-7`).
    static func number(_ value: Double) throws(TemplateFunctionError) -> String {
        guard value.isFinite else {
            let name = value.isNaN ? "NaN" : (value < 0 ? "-Inf" : "+Inf")
            throw TemplateFunctionError(.failed("json: unsupported value: \(name)"))
        }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        let (digits, point) = TemplateHelperFunctions.shortestDigits(magnitude)
        if magnitude < 1e-6 || magnitude >= 1e21 {
            var output = sign + String(digits.prefix(1))
            if digits.count > 1 { output += "." + String(digits.dropFirst()) }
            let exponent = point - 1
            return output + "e" + (exponent < 0 ? "-" : "+") + String(abs(exponent))
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
        if point >= digits.count { return sign + digits + String(repeating: "0", count: point - digits.count) }
        return sign + String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
    }
}
