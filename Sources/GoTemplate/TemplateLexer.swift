/// Splits a template's source into tokens, the way Go's `text/template/parse` lexer does: text between actions
/// (with trim markers applied), comments dropped, and the pieces of each action.
struct TemplateLexer {
    private let source: [UInt8]
    private let locator: SourceLocator
    private let left: [UInt8]
    private let right: [UInt8]
    private var position = 0
    private var tokens: [Token] = []
    private var parenthesisDepth = 0

    private static let keywords: Set<String> = [
        "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue",
    ]

    init(locator: SourceLocator, leftDelimiter: String, rightDelimiter: String) {
        self.source = locator.source
        self.locator = locator
        self.left = Array((leftDelimiter.isEmpty ? "{{" : leftDelimiter).utf8)
        self.right = Array((rightDelimiter.isEmpty ? "}}" : rightDelimiter).utf8)
    }

    /// All tokens of the source, ending with `.endOfInput`, or with `.error` where the source stops being
    /// lexically valid. The error is left for the parser to meet in order, as Go's parser does, so that an earlier
    /// syntax error is reported before a later lexical one.
    mutating func tokenize() -> (tokens: [Token], error: TemplateError?) {
        do {
            try lexAll()
            return (tokens, nil)
        } catch {
            tokens.append(Token(kind: .error, text: error.message, offset: position))
            return (tokens, error)
        }
    }

    private mutating func lexAll() throws(TemplateError) {
        var trimNextText = false
        while position < source.count {
            let delimiter = find(left, from: position)
            let textEnd = delimiter ?? source.count
            var textStart = position
            var trimmedEnd = textEnd
            if trimNextText {
                while textStart < textEnd, Self.isSpace(source[textStart]) { textStart += 1 }
            }
            guard let delimiter else {
                emitText(textStart, textEnd)
                position = source.count
                break
            }
            let afterDelimiter = delimiter + left.count
            let trimsBefore = hasLeftTrimMarker(at: afterDelimiter)
            if trimsBefore {
                while trimmedEnd > textStart, Self.isSpace(source[trimmedEnd - 1]) { trimmedEnd -= 1 }
            }
            emitText(textStart, trimmedEnd)
            position = afterDelimiter + (trimsBefore ? 2 : 0)
            if starts(with: Array("/*".utf8), at: position) {
                trimNextText = try skipComment(openedAt: delimiter)
                continue
            }
            tokens.append(Token(kind: .leftDelimiter, text: "", offset: delimiter))
            trimNextText = try lexInsideAction(openedAt: delimiter)
        }
        tokens.append(Token(kind: .endOfInput, text: "", offset: source.count))
    }

    // MARK: - Text and comments

    private mutating func emitText(_ start: Int, _ end: Int) {
        guard start < end else { return }
        tokens.append(Token(kind: .text, text: String(decoding: source[start..<end], as: UTF8.self), offset: start))
    }

    /// Skips `/* ... */` and the right delimiter after it; returns whether that delimiter had a trim marker.
    private mutating func skipComment(openedAt delimiter: Int) throws(TemplateError) -> Bool {
        guard let close = find(Array("*/".utf8), from: position + 2) else {
            throw locator.error(.syntax, at: delimiter, "unclosed comment")
        }
        position = close + 2
        if let trims = atRightDelimiter() {
            position += right.count + (trims ? 2 : 0)
            return trims
        }
        throw locator.error(.syntax, at: delimiter, "comment ends before closing delimiter")
    }

    // MARK: - Inside an action

    /// Lexes one action up to and including its right delimiter; returns whether that delimiter trims the text
    /// after it.
    private mutating func lexInsideAction(openedAt delimiter: Int) throws(TemplateError) -> Bool {
        parenthesisDepth = 0
        while true {
            if let trims = atRightDelimiter() {
                if parenthesisDepth > 0 {
                    throw locator.error(.syntax, at: position, "unclosed left parenthesis")
                }
                if trims {
                    tokens.append(Token(kind: .space, text: " ", offset: position))
                    position += 2
                }
                tokens.append(Token(kind: .rightDelimiter, text: "", offset: position))
                position += right.count
                return trims
            }
            guard position < source.count else {
                throw locator.error(.syntax, at: delimiter, "unclosed action")
            }
            let start = position
            let byte = source[position]
            switch byte {
            case _ where Self.isSpace(byte):
                while position < source.count, Self.isSpace(source[position]), !atRightTrimMarker() {
                    position += 1
                }
                if position == start { position += 1 }  // a lone space before "-}}" is part of the marker
                tokens.append(Token(kind: .space, text: " ", offset: start))
            case UInt8(ascii: "="):
                position += 1
                tokens.append(Token(kind: .assign, text: "=", offset: start))
            case UInt8(ascii: ":"):
                guard peek(1) == UInt8(ascii: "=") else {
                    throw locator.error(.syntax, at: start, "expected :=")
                }
                position += 2
                tokens.append(Token(kind: .declare, text: ":=", offset: start))
            case UInt8(ascii: "|"):
                position += 1
                tokens.append(Token(kind: .pipe, text: "|", offset: start))
            case UInt8(ascii: ","):
                position += 1
                tokens.append(Token(kind: .comma, text: ",", offset: start))
            case UInt8(ascii: "("):
                position += 1
                parenthesisDepth += 1
                tokens.append(Token(kind: .leftParenthesis, text: "(", offset: start))
            case UInt8(ascii: ")"):
                position += 1
                parenthesisDepth -= 1
                if parenthesisDepth < 0 {
                    throw locator.error(.syntax, at: start, "unexpected right parenthesis")
                }
                tokens.append(Token(kind: .rightParenthesis, text: ")", offset: start))
            case UInt8(ascii: "\""):
                tokens.append(Token(kind: .string, text: try lexQuoted(), offset: start))
            case UInt8(ascii: "`"):
                tokens.append(Token(kind: .string, text: try lexRaw(), offset: start))
            case UInt8(ascii: "'"):
                tokens.append(Token(kind: .character, text: try lexCharacter(), offset: start))
            case UInt8(ascii: "$"):
                position += 1
                let name = scanWord()
                try requireTerminator(after: start)
                tokens.append(Token(kind: .variable, text: "$" + name, offset: start))
            case UInt8(ascii: "."):
                if let next = peek(1), Self.isDigit(next) {
                    try lexNumber()
                } else {
                    position += 1
                    let name = scanWord()
                    try requireTerminator(after: start)
                    tokens.append(Token(kind: name.isEmpty ? .dot : .field, text: name, offset: start))
                }
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try lexNumber()
            case _ where Self.isWordByte(byte):
                let word = scanWord()
                try requireTerminator(after: start)
                let kind: Token.Kind =
                    switch word {
                    case "true", "false": .bool
                    case "nil": .nil
                    case _ where Self.keywords.contains(word): .keyword
                    default: .identifier
                    }
                tokens.append(Token(kind: kind, text: word, offset: start))
            default:
                let scalar = String(decoding: source[start..<min(start + 4, source.count)], as: UTF8.self).first
                throw locator.error(
                    .syntax, at: start, "unrecognized character in action: \(scalar.map { "\($0)" } ?? "?")")
            }
        }
    }

    private mutating func lexNumber() throws(TemplateError) {
        let start = position
        if let byte = peek(0), byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") { position += 1 }
        var digits = "0123456789_"
        var isHex = false
        if peek(0) == UInt8(ascii: "0"), let prefix = peek(1) {
            switch prefix | 0x20 {
            case UInt8(ascii: "x"):
                position += 2
                digits = "0123456789abcdefABCDEF_"
                isHex = true
            case UInt8(ascii: "o"):
                position += 2
                digits = "01234567_"
            case UInt8(ascii: "b"):
                position += 2
                digits = "01_"
            default: break
            }
        }
        let accepted = Set(digits.utf8)
        acceptRun(accepted)
        if peek(0) == UInt8(ascii: ".") {
            position += 1
            acceptRun(accepted)
        }
        if digits.count == 11, let byte = peek(0), byte | 0x20 == UInt8(ascii: "e") {
            position += 1
            acceptSign()
            acceptRun(Set("0123456789_".utf8))
        }
        if isHex, let byte = peek(0), byte | 0x20 == UInt8(ascii: "p") {
            position += 1
            acceptSign()
            acceptRun(Set("0123456789_".utf8))
        }
        if let byte = peek(0), Self.isWordByte(byte) {
            position += 1
            throw locator.error(
                .syntax, at: start,
                "bad number syntax: \"\(String(decoding: source[start..<position], as: UTF8.self))\"")
        }
        tokens.append(
            Token(kind: .number, text: String(decoding: source[start..<position], as: UTF8.self), offset: start))
    }

    private mutating func acceptSign() {
        if let byte = peek(0), byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") { position += 1 }
    }

    private mutating func acceptRun(_ bytes: Set<UInt8>) {
        while let byte = peek(0), bytes.contains(byte) { position += 1 }
    }

    /// A double-quoted string with Go's escapes, returned unquoted.
    private mutating func lexQuoted() throws(TemplateError) -> String {
        let start = position
        position += 1
        var bytes: [UInt8] = []
        while true {
            guard let byte = peek(0), byte != UInt8(ascii: "\n") else {
                throw locator.error(.syntax, at: start, "unterminated quoted string")
            }
            position += 1
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                try appendEscape(to: &bytes, quote: UInt8(ascii: "\""), start: start)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A backquoted string: no escapes, may span lines.
    private mutating func lexRaw() throws(TemplateError) -> String {
        let start = position
        guard let close = source[(position + 1)...].firstIndex(of: UInt8(ascii: "`")) else {
            throw locator.error(.syntax, at: start, "unterminated raw quoted string")
        }
        position = close + 1
        return String(decoding: source[(start + 1)..<close], as: UTF8.self)
    }

    /// A character constant such as `'a'` or `'\n'`, returned as the one-scalar string it denotes.
    private mutating func lexCharacter() throws(TemplateError) -> String {
        let start = position
        position += 1
        var bytes: [UInt8] = []
        while true {
            guard let byte = peek(0), byte != UInt8(ascii: "\n") else {
                throw locator.error(.syntax, at: start, "unterminated character constant")
            }
            position += 1
            if byte == UInt8(ascii: "'") { break }
            if byte == UInt8(ascii: "\\") {
                try appendEscape(to: &bytes, quote: UInt8(ascii: "'"), start: start)
            } else {
                bytes.append(byte)
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.unicodeScalars.count == 1 else {
            throw locator.error(
                .syntax, at: start,
                "malformed character constant: \(String(decoding: source[start..<position], as: UTF8.self))")
        }
        return text
    }

    /// Reads the escape after a backslash (Go's `strconv.Unquote` rules) and appends its UTF-8 bytes.
    private mutating func appendEscape(to bytes: inout [UInt8], quote: UInt8, start: Int) throws(TemplateError) {
        guard let letter = peek(0) else {
            throw locator.error(.syntax, at: start, "unterminated quoted string")
        }
        position += 1
        func digits(_ count: Int, radix: Int) throws(TemplateError) -> UInt32 {
            guard position + count <= source.count,
                let value = UInt32(String(decoding: source[position..<(position + count)], as: UTF8.self),
                    radix: radix)
            else {
                throw locator.error(.syntax, at: start, "invalid escape sequence in quoted string")
            }
            position += count
            return value
        }
        switch letter {
        case UInt8(ascii: "a"): bytes.append(7)
        case UInt8(ascii: "b"): bytes.append(8)
        case UInt8(ascii: "f"): bytes.append(12)
        case UInt8(ascii: "n"): bytes.append(10)
        case UInt8(ascii: "r"): bytes.append(13)
        case UInt8(ascii: "t"): bytes.append(9)
        case UInt8(ascii: "v"): bytes.append(11)
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case quote: bytes.append(quote)
        case UInt8(ascii: "x"): bytes.append(UInt8(try digits(2, radix: 16)))
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            position -= 1
            let value = try digits(3, radix: 8)
            guard value <= 255 else {
                throw locator.error(.syntax, at: start, "invalid escape sequence in quoted string")
            }
            bytes.append(UInt8(value))
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let value = try digits(letter == UInt8(ascii: "u") ? 4 : 8, radix: 16)
            guard let scalar = Unicode.Scalar(value) else {
                throw locator.error(.syntax, at: start, "invalid escape sequence in quoted string")
            }
            bytes.append(contentsOf: String(Character(scalar)).utf8)
        default:
            throw locator.error(.syntax, at: start, "invalid escape sequence in quoted string")
        }
    }

    // MARK: - Helpers

    private mutating func scanWord() -> String {
        let start = position
        while let byte = peek(0), Self.isWordByte(byte) { position += 1 }
        return String(decoding: source[start..<position], as: UTF8.self)
    }

    /// Go requires a name to end at a space, a delimiter or punctuation; `$x!` is a bad character.
    private func requireTerminator(after start: Int) throws(TemplateError) {
        guard let byte = peek(0) else { return }
        if Self.isSpace(byte) || atRightDelimiter() != nil { return }
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: ")"),
            UInt8(ascii: "("), UInt8(ascii: "="):
            return
        default:
            throw locator.error(.syntax, at: position, "bad character in name")
        }
    }

    /// nil when not at the right delimiter; otherwise whether it has a trim marker (` -}}`).
    private func atRightDelimiter() -> Bool? {
        if atRightTrimMarker() { return true }
        return starts(with: right, at: position) ? false : nil
    }

    private func atRightTrimMarker() -> Bool {
        guard let space = peek(0), Self.isSpace(space), peek(1) == UInt8(ascii: "-") else { return false }
        return starts(with: right, at: position + 2)
    }

    private func hasLeftTrimMarker(at offset: Int) -> Bool {
        offset + 1 < source.count && source[offset] == UInt8(ascii: "-") && Self.isSpace(source[offset + 1])
    }

    private func peek(_ ahead: Int) -> UInt8? {
        position + ahead < source.count ? source[position + ahead] : nil
    }

    private func starts(with bytes: [UInt8], at offset: Int) -> Bool {
        guard offset + bytes.count <= source.count else { return false }
        for index in bytes.indices where source[offset + index] != bytes[index] { return false }
        return true
    }

    /// The offset of the next occurrence of `bytes` at or after `start`; a linear scan so rendering stays
    /// linear in the source's size.
    private func find(_ bytes: [UInt8], from start: Int) -> Int? {
        guard let first = bytes.first else { return nil }
        var index = start
        while index + bytes.count <= source.count {
            if source[index] == first, starts(with: bytes, at: index) { return index }
            index += 1
        }
        return nil
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Letters, digits, `_` and any non-ASCII byte (Go allows Unicode letters in names).
    static func isWordByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || byte == UInt8(ascii: "_") || byte >= 0x80
    }
}
