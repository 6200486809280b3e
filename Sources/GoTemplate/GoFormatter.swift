internal import Glibc

/// Go's `fmt` for template values: `%v` printing, `Sprint`/`Sprintln` spacing and `Sprintf`'s verbs, flags,
/// widths and precisions, including its in-band error notation (`%!d(string=x)`, `%!s(MISSING)`).
enum GoFormatter {
    // MARK: - Default format (%v)

    /// Appends `value` as `%v` prints it.
    static func appendDefault(_ value: TemplateValue, to output: inout String) {
        switch value {
        case .string(let text): output += text
        case .integer(let number): output += String(number)
        case .double(let number): output += shortest(number, uppercase: false)
        case .bool(let flag): output += flag ? "true" : "false"
        case .nil: output += "<nil>"
        case .array(let elements):
            output += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { output += " " }
                appendDefault(element, to: &output)
            }
            output += "]"
        case .map(let entries):
            output += "map["
            for (position, key) in entries.sortedKeys.enumerated() {
                if position > 0 { output += " " }
                output += key
                output += ":"
                appendDefault(entries[key] ?? .nil, to: &output)
            }
            output += "]"
        }
    }

    /// `fmt.Sprint`: a space between two operands when neither is a string.
    static func sprint(_ values: [TemplateValue]) -> String {
        var output = ""
        var previousIsString = false
        for (position, value) in values.enumerated() {
            let isString = value.stringValue != nil
            if position > 0, !isString, !previousIsString { output += " " }
            appendDefault(value, to: &output)
            previousIsString = isString
        }
        return output
    }

    /// `fmt.Sprintln`: always a space between operands, and a newline at the end.
    static func sprintln(_ values: [TemplateValue]) -> String {
        var output = ""
        for (position, value) in values.enumerated() {
            if position > 0 { output += " " }
            appendDefault(value, to: &output)
        }
        return output + "\n"
    }

    // MARK: - Floats

    /// The shortest decimal digits that read back as `value` (positive, finite, non-zero), and the position
    /// of the decimal point relative to them (`digits` 0.d1d2... × 10^point).
    static func shortestDigits(_ value: Double) -> (digits: [UInt8], point: Int) {
        // Swift's description is the shortest round-tripping representation; only its layout differs from Go's.
        let text = Array(value.description.utf8)
        var mantissa = text[...]
        var exponent = 0
        if let marker = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissa = text[..<marker]
            exponent = Int(String(decoding: text[(marker + 1)...], as: UTF8.self)) ?? 0
        }
        var digits: [UInt8] = []
        var point = 0
        var seenPoint = false
        for byte in mantissa {
            if byte == UInt8(ascii: ".") {
                seenPoint = true
            } else if TemplateLexer.isDigit(byte) {
                digits.append(byte)
                if !seenPoint { point += 1 }
            }
        }
        while let first = digits.first, first == UInt8(ascii: "0"), digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == UInt8(ascii: "0"), digits.count > 1 { digits.removeLast() }
        return (digits, point + exponent)
    }

    /// `%v` / `%g` of a float with no precision: the shortest digits, in exponent form when the exponent is
    /// below -4 or at least 6 (Go's threshold for the shortest form: `100000`, `1e+06`).
    static func shortest(_ value: Double, uppercase: Bool) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + "0" }
        let (digits, point) = shortestDigits(abs(value))
        let exponent = point - 1
        if exponent < -4 || exponent >= 6 {
            var output = sign + String(decoding: digits[..<1], as: UTF8.self)
            if digits.count > 1 { output += "." + String(decoding: digits[1...], as: UTF8.self) }
            output += uppercase ? "E" : "e"
            output += exponent < 0 ? "-" : "+"
            let magnitude = String(abs(exponent))
            output += magnitude.count < 2 ? "0" + magnitude : magnitude
            return output
        }
        if point <= 0 {
            return sign + "0." + String(repeating: "0", count: -point) + String(decoding: digits, as: UTF8.self)
        }
        if point >= digits.count {
            return sign + String(decoding: digits, as: UTF8.self) + String(repeating: "0", count: point - digits.count)
        }
        return sign + String(decoding: digits[..<point], as: UTF8.self) + "."
            + String(decoding: digits[point...], as: UTF8.self)
    }

    /// A float through C's `printf` for an explicit precision, whose `%e`, `%f` and `%g` match Go's.
    private static func cFormat(_ value: Double, spec: String) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let written = withVaList([value]) { arguments in
            buffer.withUnsafeMutableBufferPointer { pointer in
                vsnprintf(pointer.baseAddress, pointer.count, spec, arguments)
            }
        }
        guard written >= 0 else { return "" }
        let length = min(Int(written), buffer.count - 1)
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: - Sprintf

    /// Flags, width and precision of one verb.
    struct Directive {
        var minus = false
        var plus = false
        var sharp = false
        var space = false
        var zero = false
        var width: Int?
        var precision: Int?
    }

    /// `fmt.Sprintf` over template values.
    static func sprintf(_ format: String, _ arguments: [TemplateValue]) -> String {
        let bytes = Array(format.utf8)
        var output = ""
        var argumentIndex = 0
        var reordered = false
        var goodArgumentNumber = true
        var index = 0
        var literalStart = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "%") else {
                index += 1
                continue
            }
            output += String(decoding: bytes[literalStart..<index], as: UTF8.self)
            index += 1
            var directive = Directive()
            flags: while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "-"): directive.minus = true; directive.zero = false
                case UInt8(ascii: "+"): directive.plus = true
                case UInt8(ascii: "#"): directive.sharp = true
                case UInt8(ascii: " "): directive.space = true
                case UInt8(ascii: "0"): directive.zero = !directive.minus
                default: break flags
                }
                index += 1
            }
            func argumentNumber() {
                // `%[n]d` picks the argument explicitly.
                guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return }
                var end = index + 1
                while end < bytes.count, TemplateLexer.isDigit(bytes[end]) { end += 1 }
                guard end < bytes.count, bytes[end] == UInt8(ascii: "]") else { return }
                let digits = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                reordered = true
                index = end + 1
                // An index outside the arguments spoils this verb only: Go prints `%!d(BADINDEX)` for it.
                guard let number = Int(digits), number >= 1, number <= arguments.count else {
                    goodArgumentNumber = false
                    return
                }
                argumentIndex = number - 1
            }
            func number() -> Int? {
                var end = index
                while end < bytes.count, TemplateLexer.isDigit(bytes[end]) { end += 1 }
                guard end > index else { return nil }
                defer { index = end }
                return Int(String(decoding: bytes[index..<end], as: UTF8.self))
            }
            argumentNumber()
            if index < bytes.count, bytes[index] == UInt8(ascii: "*") {
                index += 1
                if argumentIndex < arguments.count, case .integer(let width) = arguments[argumentIndex] {
                    directive.width = abs(width)
                    if width < 0 {
                        directive.minus = true
                        directive.zero = false
                    }
                } else {
                    output += "%!(BADWIDTH)"
                }
                argumentIndex += 1
            } else {
                directive.width = number()
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                argumentNumber()
                if index < bytes.count, bytes[index] == UInt8(ascii: "*") {
                    index += 1
                    if argumentIndex < arguments.count, case .integer(let precision) = arguments[argumentIndex],
                        precision >= 0
                    {
                        directive.precision = precision
                    } else {
                        output += "%!(BADPREC)"
                    }
                    argumentIndex += 1
                } else {
                    directive.precision = number() ?? 0
                }
            }
            argumentNumber()
            guard index < bytes.count else {
                output += "%!(NOVERB)"
                literalStart = index
                break
            }
            // The verb is one Unicode scalar.
            var verbEnd = index + 1
            while verbEnd < bytes.count, bytes[verbEnd] & 0xC0 == 0x80 { verbEnd += 1 }
            let verb = String(decoding: bytes[index..<verbEnd], as: UTF8.self).unicodeScalars.first ?? "?"
            index = verbEnd
            literalStart = index
            if verb == "%" {
                output += "%"
                continue
            }
            guard goodArgumentNumber else {
                output += "%!\(verb)(BADINDEX)"
                goodArgumentNumber = true
                continue
            }
            guard argumentIndex < arguments.count else {
                output += "%!\(verb)(MISSING)"
                continue
            }
            append(arguments[argumentIndex], verb: verb, directive: directive, to: &output)
            argumentIndex += 1
        }
        if literalStart < bytes.count {
            output += String(decoding: bytes[literalStart...], as: UTF8.self)
        }
        if !reordered, argumentIndex < arguments.count {
            output += "%!(EXTRA "
            for (position, extra) in arguments[argumentIndex...].enumerated() {
                if position > 0 { output += ", " }
                if case .nil = extra {
                    output += "<nil>"
                    continue
                }
                output += extra.typeName + "="
                appendDefault(extra, to: &output)
            }
            output += ")"
        }
        return output
    }

    /// Appends one argument formatted by `verb`.
    static func append(
        _ value: TemplateValue, verb: Unicode.Scalar, directive: Directive, to output: inout String
    ) {
        switch value {
        case .array(let elements) where verb != "T":
            // Go formats each element with the verb (and the flags, and the width).
            output += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { output += " " }
                append(element, verb: verb, directive: directive, to: &output)
            }
            output += "]"
            return
        case .map(let entries) where verb != "T":
            output += "map["
            for (position, key) in entries.sortedKeys.enumerated() {
                if position > 0 { output += " " }
                append(.string(key), verb: verb, directive: directive, to: &output)
                output += ":"
                append(entries[key] ?? .nil, verb: verb, directive: directive, to: &output)
            }
            output += "]"
            return
        default: break
        }
        let text: String? =
            switch (value, verb) {
            case (.nil, "T"): "<nil>"
            case (_, "T"): value.typeName
            case (.string(let text), "v") where directive.sharp: quote(text, asciiOnly: false)
            case (_, "v") where value.isScalarForVerbV: formatV(value, directive)
            case (.string(let text), "s"): truncated(text, directive.precision)
            case (.string(let text), "q"): quote(truncated(text, directive.precision), asciiOnly: directive.plus)
            case (.string(let text), "x"), (.string(let text), "X"):
                hexBytes(Array(truncatedBytes(text, directive.precision)), upper: verb == "X", directive)
            case (.integer(let number), _): formatInteger(number, verb: verb, directive)
            case (.double(let number), _): formatFloat(number, verb: verb, directive)
            case (.bool(let flag), "t"): flag ? "true" : "false"
            default: nil
            }
        guard let text else {
            output += "%!\(verb)("
            if case .nil = value {
                output += "<nil>"
            } else {
                // Go prints the value as %v with the same flags and width.
                output += value.typeName + "="
                append(value, verb: "v", directive: directive, to: &output)
            }
            output += ")"
            return
        }
        let isNumeric: Bool =
            switch value {
            case .integer, .double: true
            default: false
            }
        output += pad(text, directive, zeroPaddingDone: isNumeric)
    }

    private static func formatV(_ value: TemplateValue, _ directive: Directive) -> String? {
        switch value {
        case .string(let text): truncated(text, directive.precision)
        case .integer(let number): formatInteger(number, verb: "d", directive)
        case .double(let number): formatFloat(number, verb: "g", directive)
        case .bool(let flag): flag ? "true" : "false"
        case .nil: "<nil>"
        default: nil
        }
    }

    private static func truncated(_ text: String, _ precision: Int?) -> String {
        guard let precision else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(precision)))
    }

    private static func truncatedBytes(_ text: String, _ precision: Int?) -> ArraySlice<UInt8> {
        let bytes = Array(text.utf8)
        guard let precision else { return bytes[...] }
        return bytes.prefix(precision)
    }

    private static func hexBytes(_ bytes: [UInt8], upper: Bool, _ directive: Directive) -> String {
        let digits = Array((upper ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        var output: [UInt8] = []
        if directive.sharp { output += Array((upper ? "0X" : "0x").utf8) }
        for (position, byte) in bytes.enumerated() {
            if directive.space, position > 0 {
                output.append(UInt8(ascii: " "))
                if directive.sharp { output += Array((upper ? "0X" : "0x").utf8) }
            }
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func formatInteger(_ number: Int, verb: Unicode.Scalar, _ directive: Directive) -> String? {
        let magnitude = number.magnitude
        var digits: String
        var prefix = ""
        switch verb {
        case "d", "v": digits = String(magnitude)
        case "b":
            digits = String(magnitude, radix: 2)
            if directive.sharp { prefix = "0b" }
        case "o":
            digits = String(magnitude, radix: 8)
            if directive.sharp { prefix = "0" }
        case "O":
            digits = String(magnitude, radix: 8)
            prefix = "0o"
        case "x":
            digits = String(magnitude, radix: 16)
            if directive.sharp { prefix = "0x" }
        case "X":
            digits = String(magnitude, radix: 16, uppercase: true)
            if directive.sharp { prefix = "0X" }
        case "c":
            return String(Character(scalar(number)))
        case "q":
            return quoteCharacter(scalar(number), asciiOnly: directive.plus)
        case "U":
            var hex = String(magnitude, radix: 16, uppercase: true)
            if hex.count < 4 { hex = String(repeating: "0", count: 4 - hex.count) + hex }
            if directive.sharp, let scalar = Unicode.Scalar(UInt32(clamping: number)), isPrintable(scalar) {
                return "U+" + hex + " '" + String(scalar) + "'"
            }
            return "U+" + hex
        case "e", "E", "f", "F", "g", "G":
            return nil
        default:
            return nil
        }
        if let precision = directive.precision {
            if precision == 0, number == 0 { digits = "" }
            if digits.count < precision { digits = String(repeating: "0", count: precision - digits.count) + digits }
        } else if directive.zero, let width = directive.width {
            let sign = number < 0 || directive.plus || directive.space ? 1 : 0
            let used = sign + prefix.count + digits.count
            if used < width { digits = String(repeating: "0", count: width - used) + digits }
        }
        let sign = number < 0 ? "-" : directive.plus ? "+" : directive.space ? " " : ""
        return sign + prefix + digits
    }

    /// The character an integer denotes for `%c` and `%q`; U+FFFD when it denotes none, as in Go.
    private static func scalar(_ number: Int) -> Unicode.Scalar {
        guard number >= 0, number <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(number)) else { return "\u{FFFD}" }
        return scalar
    }

    private static func formatFloat(_ number: Double, verb: Unicode.Scalar, _ directive: Directive) -> String? {
        if verb == "x" || verb == "X", number.isFinite {
            return hexFloat(number, verb: verb, directive)
        }
        guard "eEfFgG".unicodeScalars.contains(verb) else { return nil }
        if !number.isFinite {
            let text = number.isNaN ? "NaN" : number < 0 ? "-Inf" : "+Inf"
            if number.isNaN, directive.plus { return "+NaN" }
            return text
        }
        var text: String
        if (verb == "g" || verb == "G"), directive.precision == nil {
            text = shortest(number, uppercase: verb == "G")
            if directive.plus, number.sign == .plus { text = "+" + text }
            if directive.space, number.sign == .plus { text = " " + text }
        } else {
            var spec = "%"
            if directive.plus { spec += "+" }
            if directive.space { spec += " " }
            if directive.sharp { spec += "#" }
            spec += ".\(directive.precision ?? 6)\(verb == "F" ? "f" : String(verb))"
            text = cFormat(number, spec: spec)
        }
        if directive.zero, let width = directive.width, text.count < width {
            // Zeros go after the sign.
            var body = Substring(text)
            var sign = ""
            if let first = body.first, first == "-" || first == "+" || first == " " {
                sign = String(first)
                body = body.dropFirst()
            }
            text = sign + String(repeating: "0", count: width - text.count) + body
        }
        return text
    }

    /// `%x` of a float: C's `%a`, with Go's two-digit exponent (`0x1.cp+01`).
    private static func hexFloat(_ number: Double, verb: Unicode.Scalar, _ directive: Directive) -> String {
        var spec = "%"
        if directive.plus { spec += "+" }
        if directive.space { spec += " " }
        if let precision = directive.precision { spec += ".\(precision)" }
        spec += verb == "X" ? "A" : "a"
        let text = cFormat(number, spec: spec)
        guard let marker = text.lastIndex(where: { $0 == "p" || $0 == "P" }) else { return text }
        let signIndex = text.index(after: marker)
        let digits = text[text.index(after: signIndex)...]
        return digits.count < 2 ? text[...signIndex] + "0" + digits : text
    }

    /// Pads to the width with spaces, or with zeros for a string under the `0` flag (numbers put their zeros
    /// after the sign themselves).
    private static func pad(_ text: String, _ directive: Directive, zeroPaddingDone: Bool) -> String {
        guard let width = directive.width else { return text }
        let length = text.unicodeScalars.count
        guard length < width else { return text }
        let fill = String(repeating: directive.zero && !zeroPaddingDone && !directive.minus ? "0" : " ",
            count: width - length)
        return directive.minus ? text + fill : fill + text
    }

    // MARK: - Quoting

    /// Go's `strconv.Quote` (or `QuoteToASCII`).
    static func quote(_ text: String, asciiOnly: Bool) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            appendEscaped(scalar, quote: "\"", asciiOnly: asciiOnly, to: &output)
        }
        return output + "\""
    }

    private static func quoteCharacter(_ scalar: Unicode.Scalar, asciiOnly: Bool) -> String {
        var output = "'"
        appendEscaped(scalar, quote: "'", asciiOnly: asciiOnly, to: &output)
        return output + "'"
    }

    private static func appendEscaped(
        _ scalar: Unicode.Scalar, quote: Unicode.Scalar, asciiOnly: Bool, to output: inout String
    ) {
        switch scalar {
        case quote, "\\": output += "\\" + String(scalar)
        case "\u{07}": output += "\\a"
        case "\u{08}": output += "\\b"
        case "\u{0C}": output += "\\f"
        case "\n": output += "\\n"
        case "\r": output += "\\r"
        case "\t": output += "\\t"
        case "\u{0B}": output += "\\v"
        default:
            if scalar.isASCII {
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    output += "\\x" + hex(scalar.value, width: 2)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            } else if !asciiOnly, isPrintable(scalar) {
                output.unicodeScalars.append(scalar)
            } else if scalar.value < 0x10000 {
                output += "\\u" + hex(scalar.value, width: 4)
            } else {
                output += "\\U" + hex(scalar.value, width: 8)
            }
        }
    }

    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator,
            .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    static func hex(_ value: UInt32, width: Int, uppercase: Bool = false) -> String {
        let digits = String(value, radix: 16, uppercase: uppercase)
        return digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
    }
}

extension TemplateValue {
    /// Whether `%v` formats the value itself (rather than element by element).
    fileprivate var isScalarForVerbV: Bool {
        switch self {
        case .array, .map: false
        default: true
        }
    }
}
