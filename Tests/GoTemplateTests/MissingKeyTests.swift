import GoTemplate
import Testing

/// The three answers to `{{ .Missing }}`: Go's default `<no value>`, the element type's zero value
/// (ContainerPilot's `map[string]string` gives ""), or an error (consul-template's `error_on_missing_key`).
@Suite struct MissingKeyTests {
    static let data: TemplateValue = ["Present": "here", "Inner": ["Key": "value"]]

    @Test func defaultPolicyPrintsNoValue() throws {
        #expect(try render("[{{ .Missing }}][{{ .Inner.Missing }}][{{ .Missing.Deeper }}]", Self.data)
            == "[<no value>][<no value>][<no value>]")
    }

    @Test func zeroPolicyYieldsTheGivenZeroValue() throws {
        let options = TemplateOptions(missingKey: .zero(.string("")))
        #expect(try render("[{{ .Missing }}][{{ .Present }}]", Self.data, options: options) == "[][here]")
        #expect(try render(#"{{ .Missing | printf "%q" }}"#, Self.data, options: options) == #""""#)
    }

    @Test func zeroPolicyStillRejectsAFieldOfAString() throws {
        // A zero string has no fields, as in Go with a map[string]string.
        let options = TemplateOptions(missingKey: .zero(.string("")))
        let error = try #require(renderError("{{ .Missing.Deeper }}", Self.data, options: options))
        #expect(error.message == "can't evaluate field Deeper in type string")
    }

    @Test func errorPolicyFailsWithTheKeyAndLocation() throws {
        let options = TemplateOptions(missingKey: .error)
        let error = try #require(renderError("ok {{ .Present }}\n{{ .Inner.Missing }}", Self.data, options: options))
        #expect(error.code == .missingKey)
        #expect(error.description == #"t:2:4: map has no entry for key "Missing""#)
        #expect(try render("{{ .Inner.Key }}", Self.data, options: options) == "value")
    }

    @Test func errorPolicyRejectsAFieldOfNil() throws {
        let options = TemplateOptions(missingKey: .error)
        let error = try #require(renderError("{{ .A.B }}", ["A": .nil], options: options))
        #expect(error.message == #"nil data; no entry for key "B""#)
    }

    @Test func escapersPrintAMissingValueAsNoValue() throws {
        // Go 1.19: html of a missing key is "&lt;no value&gt;", print of it "<nil>".
        #expect(try render("{{ html .Missing }}|{{ print .Missing }}", Self.data) == "&lt;no value&gt;|<nil>")
    }

    @Test func indexOfAMissingKeyIsNilWhateverThePolicy() throws {
        let options = TemplateOptions(missingKey: .error)
        #expect(try render(#"{{ index . "Missing" }}"#, Self.data, options: options) == "<no value>")
    }
}
