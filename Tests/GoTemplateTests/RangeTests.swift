import GoTemplate
import Testing

/// `range` over arrays and maps (sorted keys), `else`, `break`, `continue`, nesting.
/// Expectations produced by Go 1.19's text/template on the same input (see ``GoldenCase``).
@Suite struct RangeTests {
    @Test(arguments: [
        GoldenCase("{{range .List}}[{{.}}]{{end}}", "[a][b][c]"),
        GoldenCase("{{range .Map}}{{.}}{{end}}", "12"),
        GoldenCase("{{range .EmptyList}}x{{else}}none{{end}}", "none"),
        GoldenCase("{{range .EmptyMap}}x{{else}}none{{end}}", "none"),
        GoldenCase("{{range .Missing}}x{{else}}none{{end}}", "none"),
        GoldenCase("{{range .Nums}}{{if eq . 2}}{{continue}}{{end}}{{.}}{{end}}", "13"),
        GoldenCase("{{range .Nums}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}}", "1"),
        GoldenCase("{{range .List}}{{range $.Nums}}{{.}}{{end}}{{.}};{{end}}", "123a;123b;123c;"),
        GoldenCase("{{range $i, $e := .List}}{{if $i}}, {{end}}{{$e}}{{end}}", "a, b, c"),
        GoldenCase("{{range .Nested}}{{.Value}}{{end}}", "deep"),
    ])
    func rangesIterateAsInGo(_ golden: GoldenCase) throws {
        #expect(try golden.render() == golden.expected)
    }

    /// Go rejects each of these; the messages are checked in ``TemplateErrorTests``.
    @Test(arguments: [
        // Go: executing "t" at <.Name>: range can't iterate over pilot
        "{{range .Name}}x{{end}}",
    ])
    func rejectsWhatGoRejects(_ source: String) {
        #expect(renderError(source) != nil)
    }
}
