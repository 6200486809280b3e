import GoTemplate
import Testing

/// Go's strings are bytes: texts that Swift's `String` treats as equal (canonically equivalent) differ in a
/// template when their bytes differ.
@Suite struct StringBytesTests {
    // Precomposed "é" and "e" followed by a combining acute accent.
    static let data: TemplateValue = ["A": "\u{E9}", "B": "e\u{301}"]

    @Test func comparesStringsByteForByte() throws {
        #expect(try render("{{ eq .A .B }} {{ ne .A .B }} {{ lt .B .A }} {{ eq .A .A }}", Self.data)
            == "false true true true")
    }

    @Test func visitsMapKeysInByteOrder() throws {
        // By bytes "e" + accent (0x65 ...) comes before "f"; by Swift's String order (NFC: U+00E9) after it.
        let data: TemplateValue = ["f": 1, "e\u{301}": 2]
        #expect(try render("{{ range . }}{{ . }}{{ end }} {{ . }}", data) == "21 map[e\u{301}:2 f:1]")
    }

    @Test func measuresAndSlicesInBytes() throws {
        #expect(try render("{{ len .A }} {{ len .B }} {{ slice .B 0 1 }}", Self.data) == "2 3 e")
    }

    @Test func containerPilotFunctionsMatchBytesNotCharacters() throws {
        let functions = ContainerPilotFunctions.functions(environment: [:])
        #expect(try render(#"{{ .B | replaceAll "e" "E" }}"#, Self.data, functions: functions) == "E\u{301}")
        #expect(try render(#"{{ .A | replaceAll "e" "E" }}"#, Self.data, functions: functions) == "\u{E9}")
    }
}
