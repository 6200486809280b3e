import DiscoveryModel
import Foundation
import Testing

/// The scanner must agree with Foundation's JSON5 decoder on what is JSON5 and on what it means, since
/// the agent's configuration is read by the decoder and the dependency file by the scanner.
@Suite struct JSON5ScannerTests {
    /// A plain JSON value, for comparing the scanner's tree with the decoder's result.
    enum PlainValue: Equatable, Decodable {
        case object([String: PlainValue])
        case array([PlainValue])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Double.self) {
                self = .number(value)
            } else if let value = try? container.decode(String.self) {
                self = .string(value)
            } else if let value = try? container.decode([PlainValue].self) {
                self = .array(value)
            } else {
                self = .object(try container.decode([String: PlainValue].self))
            }
        }

        /// The scanner's tree as a plain value; duplicate keys keep the last, as decoders do.
        init(_ node: JSONNode) {
            switch node.value {
            case .object(let members):
                var dictionary: [String: PlainValue] = [:]
                for member in members { dictionary[member.key] = PlainValue(member.value) }
                self = .object(dictionary)
            case .array(let elements): self = .array(elements.map(PlainValue.init))
            case .string(let text): self = .string(text)
            case .number(let text): self = .number(Self.numberValue(text))
            case .bool(let value): self = .bool(value)
            case .null: self = .null
            }
        }

        private static func numberValue(_ text: String) -> Double {
            var body = Substring(text)
            var sign = 1.0
            if body.hasPrefix("-") || body.hasPrefix("+") {
                sign = body.hasPrefix("-") ? -1 : 1
                body = body.dropFirst()
            }
            if body == "Infinity" { return sign * .infinity }
            if body == "NaN" { return .nan }
            if body.lowercased().hasPrefix("0x") { return sign * Double(UInt64(body.dropFirst(2), radix: 16)!) }
            return sign * Double(String(body))!
        }
    }

    static func decoderResult(_ text: String) -> PlainValue? {
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        return try? decoder.decode(PlainValue.self, from: Data(text.utf8))
    }

    static func scannerResult(_ text: String) -> PlainValue? {
        (try? JSON5Scanner.parse(Array(text.utf8))).map(PlainValue.init)
    }

    static let acceptedByBoth: [String] = [
        #"{"a": ["b", "c"]}"#,
        #"{"a": ["b", "c",],}"#,
        "{a: ['b']}",
        "{$id_1: []}",
        "// comment\n{\"a\": [] /* inline */}",
        "/* only */ {\"a\": []}",
        "{\"a\": [\"x\\ty\\n\\u00e9\\\"\\\\\\/\"]}",
        "{\"a\": ['it\\'s']}",
        "{\"a\": [\"\\x41\"]}",
        "{\"a\": [\"line \\\ncontinued\"]}",
        "{\"a\": [\"\\uD83D\\uDE00\"]}",
        "{\"a\": [\"caf\u{e9} \u{1F600}\"]}",
        "{\"n\": [1, -2, 3.5, 1e3, 2E-2, .5, 5., +1, 0x1F, -0xa, Infinity, -Infinity]}",
        "{\"t\": [true, false, null]}",
        "[]",
        "\"text\"",
        "42",
        "{\"a\": {\"b\": {\"c\": []}}}",
        "\u{FEFF}{\"a\": []}",
        "{\"a\":\t[\r\n\"b\"\r\n]}",
        "{\"k\u{00A0}\": [] }",
    ]

    static let rejectedByBoth: [String] = [
        "",
        "   ",
        "{",
        "{\"a\": [}",
        "{\"a\" []}",
        "{\"a\": [\"b\" \"c\"]}",
        "{\"a\": [,]}",
        "{,}",
        "{\"a\": [\"b\"],,}",
        "{\"a\": [\"unterminated]}",
        "{\"a\": [\"raw\nnewline\"]}",
        "{\"a\": []} extra",
        "{\"a\": [01]}",
        "{\"a\": [tru]}",
        "{\"a\": [undefined]}",
        "{\"a\": [\"\\u12\"]}",
        "{\"a\": []} /* open",
        "{1a: []}",
        "{\"a\": [0x]}",
        "{\"a\": [1e]}",
        "{\"a\": [-]}",
        "{\"a\": [\"\\v\"]}",
        "{\"a\": [\"\\0\"]}",
        "{\"a\": [\"\\a\"]}",
        "{\"a\": [\"\\8\"]}",
    ]

    @Test(arguments: acceptedByBoth)
    func scannerAcceptsWhatTheDecoderAccepts(text: String) throws {
        let decoded = try #require(Self.decoderResult(text), "JSONDecoder rejects \(text.debugDescription)")
        let scanned = try #require(Self.scannerResult(text), "the scanner rejects \(text.debugDescription)")
        // NaN never equals itself; none of the cases uses it.
        #expect(scanned == decoded)
    }

    @Test(arguments: rejectedByBoth)
    func scannerRejectsWhatTheDecoderRejects(text: String) {
        #expect(Self.decoderResult(text) == nil, "JSONDecoder accepts \(text.debugDescription)")
        #expect(Self.scannerResult(text) == nil, "the scanner accepts \(text.debugDescription)")
    }

    @Test func keepsDuplicateKeysInOrder() throws {
        let node = try JSON5Scanner.parse(Array(#"{"a": [1], "a": [2]}"#.utf8))
        guard case .object(let members) = node.value else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["a", "a"])
        #expect(members.map(\.keyOffset) == [1, 11])
    }

    @Test func errorOffsetPointsAtTheOffendingCharacter() {
        let text = "{\n  \"a\": [\"b\"],\n  \"c\": [\"d\"] x\n}"
        let error = #expect(throws: JSONSyntaxError.self) { try JSON5Scanner.parse(Array(text.utf8)) }
        let location = SourceText(path: "f", text: text).location(ofOffset: error?.offset ?? -1)
        #expect(location.line == 3)
        #expect(location.column == 14)
        #expect(error?.message == "expected ',' or '}' after the value of \"c\", found 'x'")
    }

    @Test func unterminatedCommentIsReportedWhereItOpens() {
        let error = #expect(throws: JSONSyntaxError.self) { try JSON5Scanner.parse(Array("{} /* open".utf8)) }
        #expect(error?.offset == 3)
        #expect(error?.message == "unterminated comment; expected '*/'")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = #expect(throws: JSONSyntaxError.self) { try JSON5Scanner.parse(Array(text.utf8)) }
        #expect(error?.message.contains("nesting deeper than") == true)
    }

    @Test func invalidUTF8IsRejected() {
        let bytes: [UInt8] = Array(#"{"a": [""#.utf8) + [0xFF, 0xFE] + Array(#""]}"#.utf8)
        #expect(throws: JSONSyntaxError.self) { try JSON5Scanner.parse(bytes) }
    }
}
