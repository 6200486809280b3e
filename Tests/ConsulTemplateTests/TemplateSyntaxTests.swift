import ConsulAPI
import ConsulTemplate
import GoTemplate
import Testing

/// Go's template syntax reaches consul-template files through ``RegistryTemplate``: trim markers, comments, custom
/// delimiters and the missing-key policy.
@Suite struct TemplateSyntaxTests {
    typealias F = RegistryFixtures

    static let answers: [TemplateQuery: QueryAnswer] = [F.service("web"): .services(F.web)]

    @Test func trimMarkersRemoveTheWhiteSpaceBesideThem() throws {
        let source = """
            upstream web {
            {{- range service "web" }}
              server {{ .Address }}:{{ .Port }};
            {{- end }}
            }
            """
        let text = try F.render(source, Self.answers)
        #expect(text == "upstream web {\n  server 10.0.0.1:8080;\n  server 10.0.0.2:8080;\n}")
    }

    @Test func commentsPrintNothing() throws {
        let source = "a {{/* the upstreams */}} b {{- /* trimmed */ -}} c"
        #expect(try F.render(source) == "a  bc")
    }

    @Test func customDelimitersLeaveBracesAsText() throws {
        let options = ConsulTemplateOptions(leftDelimiter: "[[", rightDelimiter: "]]")
        let source = #"{"servers": [[ range service "web" ]]"[[ .Address ]]" [[ end ]], "raw": "{{ x }}"}"#
        let text = try F.render(source, Self.answers, options: options)
        #expect(text == #"{"servers": "10.0.0.1" "10.0.0.2" , "raw": "{{ x }}"}"#)
        // Trim markers and comments work with them too.
        #expect(try F.render("a [[- /* c */ -]] b", options: options) == "ab")
    }

    @Test func aMissingMapKeyIsEmptyByDefault() throws {
        let text = try F.render(#"{{ range service "web" }}[{{ .ServiceMeta.version }}]{{ end }}"#, Self.answers)
        #expect(text == "[1.2][]")
    }

    @Test func errorOnMissingKeyMakesAMissingMapKeyAnError() throws {
        let options = ConsulTemplateOptions(errorOnMissingKey: true)
        let template = try RegistryTemplate(
            name: "strict.ctmpl", source: "{{ range service \"web\" }}\n{{ .ServiceMeta.version }}{{ end }}",
            options: options)
        let outcome = template.render(answers: Self.answers, environment: [:], unixTime: F.unixTime)
        let error = try #require(outcome.error)
        #expect(outcome.text == nil)
        #expect(error.code == .missingKey)
        #expect(error.description == #"strict.ctmpl:2:4: map has no entry for key "version""#, "\(error)")
    }
}
