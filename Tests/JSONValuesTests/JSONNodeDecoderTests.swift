import Foundation
import JSONValues
import Testing

/// The decoder against Foundation's `JSONDecoder`: the same values from the same text, and the same kind of
/// error at the same coding path when the text does not fit.
@Suite struct JSONNodeDecoderTests {
    struct Nested: Codable, Equatable {
        var name: String
        var tags: [String]?
        var meta: [String: String]?
    }

    struct Everything: Codable, Equatable {
        var bool: Bool
        var string: String
        var double: Double
        var float: Float
        var int: Int
        var int8: Int8
        var int16: Int16
        var int32: Int32
        var int64: Int64
        var uint: UInt
        var uint8: UInt8
        var uint16: UInt16
        var uint32: UInt32
        var uint64: UInt64
        var optional: String?
        var absent: Int?
        var nested: Nested
        var list: [Nested]
        var matrix: [[Int]]
        var map: [String: [Double]]
    }

    static let everything = #"""
        {"bool": true, "string": "a \"quoted\" \\ \/ \u00e9 \ud83d\ude00 line\nnext", "double": -1.5e-3,
         "float": 3.25, "int": -9223372036854775808, "int8": -128, "int16": 32767, "int32": -2147483648,
         "int64": 9223372036854775807, "uint": 18446744073709551615, "uint8": 255, "uint16": 65535,
         "uint32": 4294967295, "uint64": 18446744073709551615, "optional": null,
         "nested": {"name": "n", "tags": ["a", "b"], "meta": {"k": "v", "k2": ""}},
         "list": [{"name": "x"}, {"name": "y", "tags": []}], "matrix": [[1, 2], [], [3]],
         "map": {"a": [1, 2.5, 1e3], "b": []}, "ignored": {"deep": [1, {"x": null}]}}
        """#

    @Test func decodesEveryTypeAsFoundationDoes() throws {
        let bytes = Array(Self.everything.utf8)
        let ours = try JSONNodeDecoder().decode(Everything.self, from: bytes)
        let theirs = try JSONDecoder().decode(Everything.self, from: Data(bytes))
        #expect(ours == theirs)
        #expect(ours.int == Int.min && ours.uint64 == UInt64.max && ours.optional == nil && ours.absent == nil)
    }

    @Test func decodesWholeNumbersWrittenWithAFractionOrExponentAsIntegers() throws {
        for text in ["1.0", "1e3", "-2E+2", "0.0"] {
            let ours = try JSONNodeDecoder().decode(Int.self, from: Array(text.utf8))
            let theirs = try JSONDecoder().decode(Int.self, from: Data(text.utf8))
            #expect(ours == theirs, "\(text)")
        }
    }

    /// The kind of error and its coding path, which is what callers read.
    static func summary(_ error: any Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error as? DecodingError {
        case .typeMismatch(let type, let context)?: return "typeMismatch \(type) at \(path(context))"
        case .valueNotFound(let type, let context)?: return "valueNotFound \(type) at \(path(context))"
        case .keyNotFound(let key, let context)?: return "keyNotFound \(key.stringValue) at \(path(context))"
        case .dataCorrupted(let context)?: return "dataCorrupted at \(path(context))"
        default: return "\(error)"
        }
    }

    static func compareErrors<T: Decodable>(_ type: T.Type, _ text: String) {
        var ours = "decoded"
        var theirs = "decoded"
        do { _ = try JSONNodeDecoder().decode(type, from: Array(text.utf8)) } catch { ours = summary(error) }
        do { _ = try JSONDecoder().decode(type, from: Data(text.utf8)) } catch { theirs = summary(error) }
        #expect(ours == theirs, "\(text)")
        #expect(ours != "decoded", "\(text)")
    }

    @Test(arguments: [
        #"{"name": 1}"#, #"{"name": null}"#, #"{}"#, #"{"name": "n", "tags": "a"}"#,
        #"{"name": "n", "tags": ["a", 2]}"#, #"{"name": "n", "tags": [null]}"#, #"{"name": "n", "meta": []}"#,
        #"{"name": "n", "meta": {"k": true}}"#, #"[]"#, #""n""#, #"null"#,
    ])
    func throwsTheSameErrorsAtTheSamePathsForWrongTypesAndMissingKeys(_ text: String) {
        Self.compareErrors(Nested.self, text)
    }

    @Test func throwsForNumbersOutOfRange() {
        Self.compareErrors(UInt8.self, "256")
        Self.compareErrors(UInt8.self, "-1")
        Self.compareErrors(Int8.self, "-129")
        Self.compareErrors(Int64.self, "9223372036854775808")
        Self.compareErrors(UInt64.self, "18446744073709551616")
        Self.compareErrors(Int.self, "1.5")
        Self.compareErrors(Int.self, "1e300")
        Self.compareErrors(Float.self, "1e39")
        // Beyond every floating type: not silently infinity.
        Self.compareErrors(Double.self, "1e999")
        Self.compareErrors(Float.self, "-1e999")
        Self.compareErrors(Int.self, #""1""#)
        Self.compareErrors(Bool.self, "1")
        Self.compareErrors(String.self, "true")
    }

    /// Foundation leaves the element's index out of this one error's path; naming it is more use to a reader.
    @Test func namesTheElementWhoseNumberIsOutOfRange() {
        #expect(throws: DecodingError.self) {
            do {
                _ = try JSONNodeDecoder().decode([Int].self, from: Array("[1, 2, 3000000000000000000000]".utf8))
            } catch {
                #expect(Self.summary(error) == "dataCorrupted at [2]")
                throw error
            }
        }
    }

    @Test func throwsDataCorruptedForTextThatIsNotJSON() {
        Self.compareErrors(Nested.self, #"{"name": "n""#)
        Self.compareErrors(Nested.self, "")
    }

    @Test func decodesPrefixesOfAnArrayWithAnUnkeyedContainer() throws {
        struct Pair: Decodable, Equatable {
            var first: Int
            var rest: [String]
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                first = try container.decode(Int.self)
                rest = []
                while !container.isAtEnd {
                    if try container.decodeNil() { continue }
                    rest.append(try container.decode(String.self))
                }
            }
        }
        let text = #"[7, "a", null, "b"]"#
        let ours = try JSONNodeDecoder().decode(Pair.self, from: Array(text.utf8))
        #expect(ours == (try JSONDecoder().decode(Pair.self, from: Data(text.utf8))))
        #expect(ours.rest == ["a", "b"])
    }

    @Test func readsASuperclassValueThroughSuperDecoder() throws {
        final class Base: Decodable {
            let id: Int
        }
        struct Derived: Decodable {
            var base: Base
            var name: String
            enum CodingKeys: String, CodingKey { case name }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                name = try container.decode(String.self, forKey: .name)
                base = try Base(from: container.superDecoder())
            }
        }
        let text = #"{"name": "d", "super": {"id": 4}}"#
        let ours = try JSONNodeDecoder().decode(Derived.self, from: Array(text.utf8))
        let theirs = try JSONDecoder().decode(Derived.self, from: Data(text.utf8))
        #expect(ours.base.id == theirs.base.id && ours.name == theirs.name)
    }
}

/// JSON's grammar by default, JSON5's on request, accepting and refusing what Foundation's decoder does.
@Suite struct JSONNodeDecoderGrammarTests {
    static let json5Only = [
        "{a: 1}", "{'a': 1}", #"{"a": 'x'}"#, "// c\n[1]", "/* c */ [1]", "[+1]", "[.5]", "[5.]", "[0x1F]",
        "[Infinity]", "[-Infinity]", "[NaN]", #"["\x41"]"#, #"["\'"]"#, "[\"a\\\nb\"]", "\u{0B}[1]", "[1]\u{0C}",
    ]

    static let json = [
        "[1]", " \t\r\n[1] \n", #"{"a": [1, -2.5e3, 0, -0, 1E+2, 1e-2], "b": {"c": null}}"#, #"["\u0041\/\"\\"]"#,
        "\u{FEFF}[1]", "[]", "{}", #""s""#, "0", "-1.0",
        // Foundation lets a trailing comma pass even in JSON.
        #"{"a": 1,}"#, "[1,]",
    ]

    @Test(arguments: json5Only)
    func refusesJSON5WhereFoundationDoesAndReadsItWhenAllowed(_ text: String) throws {
        let foundation = JSONDecoder()
        #expect(throws: DecodingError.self) { try JSONNodeDecoder().decode(JSONAny.self, from: Array(text.utf8)) }
        #expect(throws: (any Error).self) { try foundation.decode(JSONAny.self, from: Data(text.utf8)) }
        foundation.allowsJSON5 = true
        let ours = try JSONNodeDecoder(allowsJSON5: true).decode(JSONAny.self, from: Array(text.utf8))
        #expect(ours == (try foundation.decode(JSONAny.self, from: Data(text.utf8))))
    }

    @Test(arguments: json)
    func readsJSONAsFoundationDoes(_ text: String) throws {
        let ours = try JSONNodeDecoder().decode(JSONAny.self, from: Array(text.utf8))
        #expect(ours == (try JSONDecoder().decode(JSONAny.self, from: Data(text.utf8))))
    }
}

/// Any JSON value, decoded through the single-value, keyed and unkeyed containers, to compare decoders.
indirect enum JSONAny: Decodable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONAny]), object([String: JSONAny])

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: Key.self) {
            var object: [String: JSONAny] = [:]
            for key in keyed.allKeys { object[key.stringValue] = try keyed.decode(JSONAny.self, forKey: key) }
            self = .object(object)
        } else if var unkeyed = try? decoder.unkeyedContainer() {
            var array: [JSONAny] = []
            while !unkeyed.isAtEnd { array.append(try unkeyed.decode(JSONAny.self)) }
            self = .array(array)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let bool = try? single.decode(Bool.self) {
                self = .bool(bool)
            } else if let number = try? single.decode(Double.self) {
                self = .number(number)
            } else {
                self = .string(try single.decode(String.self))
            }
        }
    }

    static func == (lhs: JSONAny, rhs: JSONAny) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        // NaN is compared by its bits, so that a NaN read both ways counts as the same value.
        case (.number(let a), .number(let b)): a == b || (a.isNaN && b.isNaN)
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a == b
        default: false
        }
    }
}
