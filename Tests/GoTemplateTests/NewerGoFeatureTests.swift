import GoTemplate
import Testing

/// Behaviour added to text/template after Go 1.19 (the golden cases' reference): range over an integer (Go 1.22)
/// and `else with` (Go 1.23); plus break/continue rules that the golden cases do not reach.
@Suite struct NewerGoFeatureTests {
    @Test func rangeOverAnIntegerCountsFromZero() throws {
        #expect(try render("{{ range 3 }}{{ . }},{{ end }}") == "0,1,2,")
        #expect(try render("{{ range $i := .Count }}[{{ $i }}]{{ end }}") == "[0][1][2]")
    }

    @Test func rangeOverZeroOrANegativeIntegerRendersTheElseBranch() throws {
        #expect(try render("{{ range 0 }}x{{ else }}none{{ end }}") == "none")
        #expect(try render("{{ range -2 }}x{{ else }}none{{ end }}") == "none")
    }

    @Test func elseWithChainsLikeElseIf() throws {
        let source = "{{ with .Empty }}a{{ else with .Name }}b={{ . }}{{ else }}c{{ end }}"
        #expect(try render(source) == "b=pilot")
        #expect(try render("{{ with .Empty }}a{{ else with .Zero }}b{{ else }}c={{ .Count }}{{ end }}") == "c=3")
    }

    @Test func elseIfAndElseWithDoNotMix() throws {
        let error = try #require(renderError("{{ if .A }}{{ else with .B }}{{ end }}"))
        #expect(error.message == "unexpected {{else with}} in {{if}}")
    }

    @Test func breakLeavesOnlyTheInnermostRange() throws {
        let source =
            "{{ range .List }}{{ range $.Nums }}{{ if eq . 2 }}{{ break }}{{ end }}{{ . }}{{ end }}{{ . }};{{ end }}"
        #expect(try render(source) == "1a;1b;1c;")
    }

    @Test func continueInsideWithAndIfSkipsTheRestOfTheIteration() throws {
        let source = "{{ range .Nums }}{{ with . }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ end }}<{{ . }}>{{ end }}"
        #expect(try render(source) == "<1><3>")
    }

    @Test func variablesDeclaredInsideARangeBodyDoNotLeakIntoTheNextIteration() throws {
        let source = "{{ range .Nums }}{{ if eq . 1 }}{{ $x := . }}{{ $x }}{{ end }}{{ end }}"
        #expect(try render(source) == "1")
    }

    @Test func aVariableIsInScopeFromItsDeclarationAsInGo() throws {
        // Go parses `$x := $x` (the variable exists from `:=` on) and fails when rendering it.
        let template = try Template(name: "t", source: "{{ $x := $x }}")
        #expect(throws: TemplateError.self) { try template.render(.nil) }
    }

    @Test func aTemplateSeesOnlyItsOwnDollar() throws {
        let source = #"{{ define "inner" }}{{ $ }}{{ end }}{{ $x := 1 }}{{ template "inner" "arg" }}"#
        #expect(try render(source) == "arg")
        let error = try #require(renderError(#"{{ $x := 1 }}{{ define "i" }}{{ $x }}{{ end }}"#))
        #expect(error.code == .undefinedVariable)
    }

    @Test func blockCanBeRenderedByName() throws {
        let template = try Template(name: "page", source: #"<{{ block "title" .Name }}{{ . }}{{ end }}>"#)
        #expect(template.definedTemplateNames == ["title"])
        #expect(try template.render(definition: "title", "direct") == "direct")
        #expect(throws: TemplateError.self) { try template.render(definition: "none", .nil) }
    }
}
