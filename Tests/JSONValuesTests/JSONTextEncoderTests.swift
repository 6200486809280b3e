import Foundation
import JSONValues
import Testing

/// The encoder against Foundation's `JSONEncoder`: the same bytes for the same values and options.
@Suite struct JSONTextEncoderTests {
    struct Sample: Codable {
        var name = "web/api \"v1\" \\ tab\t nl\n cr\r bell\u{07} \u{1F} del\u{7F} é 😀 </script>"
        var port = 8080
        var negative: Int64 = -42
        var big = UInt64.max
        var ratio = 0.1
        var whole = 12.0
        var tiny = 1e-7
        var huge = 1.5e300
        var single: Float = 3.14
        var flag = false
        var missing: String? = nil
        var empty: [String] = []
        var emptyObject: [String: Int] = [:]
        var tags = ["a", "b/c"]
        var meta = ["zeta": "1", "alpha": "2", "Beta": "3", "é": "4", "a": "5", "a0": "6"]
        var nested = [["x": [1, 2]], [:]]
    }

    static let formattings: [(JSONTextEncoder.OutputFormatting, JSONEncoder.OutputFormatting)] = [
        ([.sortedKeys], [.sortedKeys]),
        ([.sortedKeys, .withoutEscapingSlashes], [.sortedKeys, .withoutEscapingSlashes]),
        ([.sortedKeys, .prettyPrinted], [.sortedKeys, .prettyPrinted]),
        (
            [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes],
            [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        ),
    ]

    static func foundation(_ formatting: JSONEncoder.OutputFormatting) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        return encoder
    }

    @Test func writesTheSameBytesAsFoundationWithEachOutputFormatting() throws {
        for (ours, theirs) in Self.formattings {
            let mine = try JSONTextEncoder(outputFormatting: ours).encode(Sample())
            let foundation = Array(try Self.foundation(theirs).encode(Sample()))
            #expect(
                String(decoding: mine, as: UTF8.self) == String(decoding: foundation, as: UTF8.self), "\(theirs)")
        }
    }

    @Test func writesTopLevelScalarsAndEmptyContainersAsFoundationDoes() throws {
        for (ours, theirs) in Self.formattings {
            let encoder = JSONTextEncoder(outputFormatting: ours)
            let foundation = Self.foundation(theirs)
            #expect(try encoder.encode("a/b") == Array(try foundation.encode("a/b")))
            #expect(try encoder.encode(-0.0) == Array(try foundation.encode(-0.0)))
            #expect(try encoder.encode([Int]()) == Array(try foundation.encode([Int]())))
            #expect(try encoder.encode([String: Int]()) == Array(try foundation.encode([String: Int]())))
            #expect(try encoder.encode([[String: Int]()]) == Array(try foundation.encode([[String: Int]()])))
            #expect(try encoder.encode(Optional<Int>.none) == Array(try foundation.encode(Optional<Int>.none)))
        }
    }

    @Test func keepsEncodingOrderWithoutSortedKeysAndEscapesSlashesByDefault() throws {
        struct Ordered: Encodable {
            var zeta = "/"
            var alpha = 1
        }
        let text = String(decoding: try JSONTextEncoder().encode(Ordered()), as: UTF8.self)
        #expect(text == #"{"zeta":"\/","alpha":1}"#)
    }

    @Test func refusesNonFiniteNumbersAsFoundationDoes() {
        for value in [Double.infinity, -Double.infinity, Double.nan] {
            #expect(throws: EncodingError.self) { try JSONTextEncoder().encode(["x": value]) }
            #expect(throws: EncodingError.self) { try JSONEncoder().encode(["x": value]) }
        }
    }

    @Test func roundTripsThroughTheDecoder() throws {
        struct Value: Codable, Equatable {
            var text: String
            var numbers: [Double]
            var map: [String: UInt64]
        }
        let value = Value(text: "a\u{0}b\"/\\ é", numbers: [0.1, -2, 1e-300, 123456789.125], map: ["k": .max])
        let bytes = try JSONTextEncoder().encode(value)
        #expect(try JSONNodeDecoder().decode(Value.self, from: bytes) == value)
        #expect(try JSONDecoder().decode(Value.self, from: Data(bytes)) == value)
    }

    @Test func writesSuperEncoderValuesWhereFoundationDoes() throws {
        struct Derived: Encodable {
            enum CodingKeys: String, CodingKey { case name }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode("d", forKey: .name)
                var base = container.superEncoder().container(keyedBy: CodingKeys.self)
                try base.encode("b", forKey: .name)
            }
        }
        let foundation = Self.foundation([.sortedKeys])
        let ours = try JSONTextEncoder(outputFormatting: .sortedKeys).encode(Derived())
        #expect(ours == Array(try foundation.encode(Derived())))
    }
}
