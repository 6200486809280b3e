/// A JSON5 scanner that keeps the byte offset of every key and value.
///
/// It accepts what Foundation's `JSONDecoder` accepts with `allowsJSON5` (comments, trailing commas,
/// unquoted keys, single-quoted strings, JSON5 numbers and escapes) and rejects the rest with a
/// ``JSONSyntaxError`` at the offending byte. Unlike a decoder it keeps duplicate keys, so that lint can
/// report them. The test suite checks it against `JSONDecoder` on the same inputs.
///
/// With `strictJSON` it accepts only JSON (RFC 8259) as `JSONDecoder` does without `allowsJSON5` (which lets
/// a trailing comma pass, so this does too): what a program sends (Consul's replies, a control request's
/// body) is held to the grammar it was sent in.
public struct JSON5Scanner {
    /// Deeper nesting than this is rejected rather than risking the stack, as Foundation's decoder does.
    public static let maximumDepth = 512

    private let bytes: [UInt8]
    private var index = 0
    /// Whether JSON5's additions are refused.
    private let strict: Bool

    /// Creates a scanner of JSON5 over UTF-8 bytes.
    public init(bytes: [UInt8]) {
        self.init(bytes: bytes, strictJSON: false)
    }

    /// Creates a scanner over UTF-8 bytes; with `strictJSON`, of JSON only.
    public init(bytes: [UInt8], strictJSON: Bool) {
        self.bytes = bytes
        self.strict = strictJSON
    }

    /// Scans one complete JSON5 document: a single value with nothing but white space and comments around it.
    ///
    /// - Throws: ``JSONSyntaxError`` at the first byte that does not fit.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONNode {
        try parse(bytes, strictJSON: false)
    }

    /// Scans one complete document: a single value with nothing but white space (and, unless `strictJSON`,
    /// comments) around it.
    ///
    /// - Throws: ``JSONSyntaxError`` at the first byte that does not fit.
    public static func parse(_ bytes: [UInt8], strictJSON: Bool) throws(JSONSyntaxError) -> JSONNode {
        var scanner = JSON5Scanner(bytes: bytes, strictJSON: strictJSON)
        return try scanner.parseDocument()
    }

    /// Scans one complete document from this scanner's bytes.
    ///
    /// - Throws: ``JSONSyntaxError`` at the first byte that does not fit.
    public mutating func parseDocument() throws(JSONSyntaxError) -> JSONNode {
        index = 0
        // A UTF-8 byte order mark is tolerated at the very start.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        try skipTrivia()
        guard index < bytes.count else {
            throw JSONSyntaxError(message: "the file is empty; expected a JSON value", offset: index)
        }
        let node = try parseValue(depth: 0)
        try skipTrivia()
        if index < bytes.count {
            throw JSONSyntaxError(
                message: "unexpected \(describeCharacter(at: index)) after the end of the document",
                offset: index)
        }
        return node
    }

    // MARK: Values

    private mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        guard depth < Self.maximumDepth else {
            throw JSONSyntaxError(message: "nesting deeper than \(Self.maximumDepth) levels", offset: index)
        }
        guard index < bytes.count else {
            throw JSONSyntaxError(message: "unexpected end of file; expected a value", offset: index)
        }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return JSONNode(offset: start, value: try parseObject(depth: depth))
        case UInt8(ascii: "["):
            return JSONNode(offset: start, value: try parseArray(depth: depth))
        case UInt8(ascii: "\""):
            return JSONNode(offset: start, value: .string(try parseString()))
        case UInt8(ascii: "'") where !strict:
            return JSONNode(offset: start, value: .string(try parseString()))
        case UInt8(ascii: "t"):
            try expectKeyword("true")
            return JSONNode(offset: start, value: .bool(true))
        case UInt8(ascii: "f"):
            try expectKeyword("false")
            return JSONNode(offset: start, value: .bool(false))
        case UInt8(ascii: "n"):
            try expectKeyword("null")
            return JSONNode(offset: start, value: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(offset: start, value: .number(try parseNumber()))
        case UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "I"), UInt8(ascii: "N"):
            // JSON5's numbers only: a sign, a leading point, Infinity, NaN.
            guard !strict else { throw unexpectedValue() }
            return JSONNode(offset: start, value: .number(try parseNumber()))
        default:
            throw unexpectedValue()
        }
    }

    private func unexpectedValue() -> JSONSyntaxError {
        JSONSyntaxError(message: "unexpected \(describeCharacter(at: index)); expected a value", offset: index)
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        let open = index
        index += 1
        var members: [JSONMember] = []
        try skipTrivia()
        while true {
            guard index < bytes.count else {
                throw JSONSyntaxError(message: "unterminated object; expected '}'", offset: open)
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            let keyOffset = index
            let key = try parseKey()
            try skipTrivia()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw JSONSyntaxError(
                    message: "expected ':' after the key \"\(key)\", found \(describeCharacter(at: index))",
                    offset: index)
            }
            index += 1
            try skipTrivia()
            let value = try parseValue(depth: depth + 1)
            members.append(JSONMember(key: key, keyOffset: keyOffset, value: value))
            try skipTrivia()
            guard index < bytes.count else {
                throw JSONSyntaxError(message: "unterminated object; expected '}'", offset: open)
            }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                try skipTrivia()
            case UInt8(ascii: "}"):
                continue
            default:
                throw JSONSyntaxError(
                    message: "expected ',' or '}' after the value of \"\(key)\", found \(describeCharacter(at: index))",
                    offset: index)
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        let open = index
        index += 1
        var elements: [JSONNode] = []
        try skipTrivia()
        while true {
            guard index < bytes.count else {
                throw JSONSyntaxError(message: "unterminated array; expected ']'", offset: open)
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            elements.append(try parseValue(depth: depth + 1))
            try skipTrivia()
            guard index < bytes.count else {
                throw JSONSyntaxError(message: "unterminated array; expected ']'", offset: open)
            }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                try skipTrivia()
            case UInt8(ascii: "]"):
                continue
            default:
                throw JSONSyntaxError(
                    message: "expected ',' or ']' in an array, found \(describeCharacter(at: index))",
                    offset: index)
            }
        }
    }

    private mutating func expectKeyword(_ keyword: StaticString) throws(JSONSyntaxError) {
        let start = index
        let length = keyword.utf8CodeUnitCount
        var matches = start + length <= bytes.count
        if matches {
            keyword.withUTF8Buffer { expected in
                for offset in 0..<length where bytes[start + offset] != expected[offset] {
                    matches = false
                    break
                }
            }
        }
        if matches, start + length < bytes.count, Self.isIdentifierPart(bytes[start + length]) {
            matches = false
        }
        guard matches else {
            throw JSONSyntaxError(message: "unexpected \(describeWord(at: start)); expected a value", offset: start)
        }
        index += length
    }

    // MARK: Keys and strings

    private mutating func parseKey() throws(JSONSyntaxError) -> String {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") || (byte == UInt8(ascii: "'") && !strict) {
            return try parseString()
        }
        guard !strict else {
            throw JSONSyntaxError(
                message: "expected a key (a string), found \(describeCharacter(at: index))", offset: index)
        }
        guard Self.isIdentifierStart(byte) else {
            throw JSONSyntaxError(
                message: "expected a key (a string or an identifier), found \(describeCharacter(at: index))",
                offset: index)
        }
        let start = index
        index += 1
        while index < bytes.count, Self.isIdentifierPart(bytes[index]) { index += 1 }
        return try makeString(start..<index, at: start)
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let quote = bytes[index]
        let open = index
        index += 1
        let contentStart = index
        // Fast path: no escapes, which is every service name in practice.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                let text = try makeString(contentStart..<index, at: contentStart)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacterError(at: index) }
            index += 1
        }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: try makeString(contentStart..<index, at: contentStart).unicodeScalars)
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                index += 1
                return String(scalars)
            }
            if byte == UInt8(ascii: "\\") {
                try parseEscape(into: &scalars)
                continue
            }
            if byte < 0x20 { throw controlCharacterError(at: index) }
            let runStart = index
            while index < bytes.count, bytes[index] != quote, bytes[index] != UInt8(ascii: "\\"),
                bytes[index] >= 0x20
            {
                index += 1
            }
            scalars.append(contentsOf: try makeString(runStart..<index, at: runStart).unicodeScalars)
        }
        throw JSONSyntaxError(message: "unterminated string", offset: open)
    }

    private mutating func parseEscape(into scalars: inout String.UnicodeScalarView) throws(JSONSyntaxError) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else {
            throw JSONSyntaxError(message: "unterminated string", offset: escapeStart)
        }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): scalars.append("\"")
        case UInt8(ascii: "'") where !strict: scalars.append("'")
        case UInt8(ascii: "\\"): scalars.append("\\")
        case UInt8(ascii: "/"): scalars.append("/")
        case UInt8(ascii: "b"): scalars.append("\u{08}")
        case UInt8(ascii: "f"): scalars.append("\u{0C}")
        case UInt8(ascii: "n"): scalars.append("\n")
        case UInt8(ascii: "r"): scalars.append("\r")
        case UInt8(ascii: "t"): scalars.append("\t")
        case UInt8(ascii: "x") where !strict:
            let value = try parseHexDigits(count: 2, escapeStart: escapeStart)
            scalars.append(Unicode.Scalar(UInt8(value)))
        case UInt8(ascii: "u"):
            scalars.append(try parseUnicodeEscape(escapeStart: escapeStart))
        case UInt8(ascii: "\n") where !strict:
            // A line continuation. Foundation's decoder keeps the line break, so this scanner does too.
            scalars.append("\n")
        case UInt8(ascii: "\r") where !strict:
            scalars.append("\r")
            if index < bytes.count, bytes[index] == UInt8(ascii: "\n") {
                scalars.append("\n")
                index += 1
            }
        default:
            // Foundation's decoder knows no other escapes (\v, \0 and "any character stands for itself"
            // are JSON5 that it rejects), and the two readers must agree.
            index -= 1
            throw JSONSyntaxError(
                message: "invalid escape in a string: '\\' cannot be followed by \(describeCharacter(at: index))",
                offset: escapeStart)
        }
    }

    private mutating func parseUnicodeEscape(escapeStart: Int) throws(JSONSyntaxError) -> Unicode.Scalar {
        let high = try parseHexDigits(count: 4, escapeStart: escapeStart)
        if (0xD800...0xDBFF).contains(high) {
            // A high surrogate must be followed by an escaped low surrogate.
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else {
                throw JSONSyntaxError(message: "a high surrogate escape without its low surrogate", offset: escapeStart)
            }
            index += 2
            let low = try parseHexDigits(count: 4, escapeStart: escapeStart)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw JSONSyntaxError(message: "a high surrogate escape without its low surrogate", offset: escapeStart)
            }
            let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            return Unicode.Scalar(combined)!
        }
        guard let scalar = Unicode.Scalar(high) else {
            throw JSONSyntaxError(message: "a low surrogate escape without its high surrogate", offset: escapeStart)
        }
        return scalar
    }

    private mutating func parseHexDigits(count: Int, escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count {
            guard index < bytes.count, let digit = Self.hexValue(bytes[index]) else {
                throw JSONSyntaxError(message: "invalid escape: expected \(count) hexadecimal digits", offset: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private func makeString(_ range: Range<Int>, at offset: Int) throws(JSONSyntaxError) -> String {
        guard let text = String(validating: bytes[range], as: UTF8.self) else {
            throw JSONSyntaxError(message: "invalid UTF-8 in a string", offset: offset)
        }
        return text
    }

    private func controlCharacterError(at offset: Int) -> JSONSyntaxError {
        let byte = bytes[offset]
        if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
            return JSONSyntaxError(message: "unterminated string: a line break inside a string", offset: offset)
        }
        return JSONSyntaxError(
            message: "an unescaped control character (U+\(Self.hex4(UInt32(byte)))) inside a string", offset: offset)
    }

    // MARK: Numbers

    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
        guard index < bytes.count else {
            throw JSONSyntaxError(message: "unexpected end of file in a number", offset: start)
        }
        if strict {
            // JSON's numbers: a digit after the sign, no hexadecimal, and digits on both sides of a point.
            let leadsWithDigit = Self.isDigit(bytes[index])
            let hexadecimal = bytes[index] == UInt8(ascii: "0") && index + 1 < bytes.count
                && bytes[index + 1] | 0x20 == UInt8(ascii: "x")
            guard leadsWithDigit, !hexadecimal else {
                throw JSONSyntaxError(message: "unexpected \(describeWord(at: start)); expected a value", offset: start)
            }
        }
        if bytes[index] == UInt8(ascii: "I") || bytes[index] == UInt8(ascii: "N") {
            let word = bytes[index] == UInt8(ascii: "I") ? "Infinity" : "NaN"
            let wordStart = index
            guard bytes.count - wordStart >= word.utf8.count,
                bytes[wordStart..<wordStart + word.utf8.count].elementsEqual(word.utf8)
            else {
                throw JSONSyntaxError(message: "unexpected \(describeWord(at: wordStart)); expected a value", offset: start)
            }
            index += word.utf8.count
        } else if bytes[index] == UInt8(ascii: "0"), index + 1 < bytes.count,
            bytes[index + 1] | 0x20 == UInt8(ascii: "x")
        {
            index += 2
            let digitsStart = index
            while index < bytes.count, Self.hexValue(bytes[index]) != nil { index += 1 }
            guard index > digitsStart else {
                throw JSONSyntaxError(message: "a hexadecimal number needs digits after '0x'", offset: start)
            }
        } else {
            let integerStart = index
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
            let integerDigits = index - integerStart
            if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") {
                throw JSONSyntaxError(message: "numbers may not have leading zeros", offset: start)
            }
            var fractionDigits = 0
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                let fractionStart = index
                while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
                fractionDigits = index - fractionStart
                if strict && fractionDigits == 0 {
                    throw JSONSyntaxError(message: "a number's decimal point needs digits after it", offset: start)
                }
            }
            guard integerDigits + fractionDigits > 0 else {
                throw JSONSyntaxError(message: "unexpected \(describeCharacter(at: start)); expected a value", offset: start)
            }
            if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                let exponentStart = index
                while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
                guard index > exponentStart else {
                    throw JSONSyntaxError(message: "a number's exponent needs digits", offset: start)
                }
            }
        }
        if index < bytes.count, Self.isIdentifierPart(bytes[index]) {
            throw JSONSyntaxError(message: "unexpected \(describeCharacter(at: index)) in a number", offset: index)
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    // MARK: White space and comments

    private mutating func skipTrivia() throws(JSONSyntaxError) {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                index += 1
            case _ where strict:
                // JSON has those four white-space characters and no comments.
                return
            case 0x0B, 0x0C:
                index += 1
            case UInt8(ascii: "/"):
                guard index + 1 < bytes.count else {
                    throw JSONSyntaxError(message: "unexpected '/'", offset: index)
                }
                if bytes[index + 1] == UInt8(ascii: "/") {
                    index += 2
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\n"), bytes[index] != UInt8(ascii: "\r") {
                        index += 1
                    }
                } else if bytes[index + 1] == UInt8(ascii: "*") {
                    let open = index
                    index += 2
                    while true {
                        guard index + 1 < bytes.count else {
                            throw JSONSyntaxError(message: "unterminated comment; expected '*/'", offset: open)
                        }
                        if bytes[index] == UInt8(ascii: "*"), bytes[index + 1] == UInt8(ascii: "/") {
                            index += 2
                            break
                        }
                        index += 1
                    }
                } else {
                    throw JSONSyntaxError(message: "unexpected '/'; comments start with // or /*", offset: index)
                }
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0:
                index += 2  // no-break space
            case 0xE2 where isLineSeparatorTail(at: index + 1):
                index += 3  // U+2028, U+2029
            case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF:
                index += 3  // byte order mark
            default:
                return
            }
        }
    }

    /// Whether the two bytes at `offset` complete U+2028 or U+2029 after a leading 0xE2.
    private func isLineSeparatorTail(at offset: Int) -> Bool {
        offset + 1 < bytes.count && bytes[offset] == 0x80 && (bytes[offset + 1] == 0xA8 || bytes[offset + 1] == 0xA9)
    }

    // MARK: Messages

    private func describeCharacter(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of file" }
        let byte = bytes[offset]
        if byte >= 0x20, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { return "line break" }
        if byte < 0x80 { return "control character U+\(Self.hex4(UInt32(byte)))" }
        let length = Self.utf8SequenceLength(leadingByte: byte)
        if offset + length <= bytes.count,
            let text = String(validating: bytes[offset..<offset + length], as: UTF8.self)
        {
            return "'\(text)'"
        }
        return "invalid UTF-8"
    }

    private func describeWord(at offset: Int) -> String {
        var end = offset
        while end < bytes.count, end - offset < 32, Self.isIdentifierPart(bytes[end]) { end += 1 }
        guard end > offset else { return describeCharacter(at: offset) }
        return "'\(String(decoding: bytes[offset..<end], as: UTF8.self))'"
    }

    // MARK: Character classes

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// ECMAScript identifier start, approximated: ASCII letters, `$`, `_`, and any non-ASCII scalar.
    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "$")
            || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    private static func isIdentifierPart(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte)
    }

    private static func utf8SequenceLength(leadingByte byte: UInt8) -> Int {
        switch byte {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
