import GoTemplate
import Testing

/// `define`, `template` and `block`, recursion, redefinition of an empty template.
/// Expectations produced by Go 1.19's text/template on the same input (see ``GoldenCase``).
@Suite struct DefinitionTests {
    @Test(arguments: [
        GoldenCase("{{define \"T\"}}hello {{.}}{{end}}{{template \"T\" .Name}}", "hello pilot"),
        GoldenCase("{{define \"T\"}}[{{.}}]{{end}}{{template \"T\"}}", "[<no value>]"),
        GoldenCase("{{template \"T\" .Name}}{{define \"T\"}}later {{.}}{{end}}", "later pilot"),
        GoldenCase("{{block \"B\" .Name}}default {{.}}{{end}}", "default pilot"),
        GoldenCase("{{define \"T\"}}{{$}}{{end}}{{template \"T\" .Count}}", "3"),
        GoldenCase("{{define \"list\"}}{{range .}}<{{.}}>{{end}}{{end}}{{template \"list\" .List}}", "<a><b><c>"),
        GoldenCase(
            "{{define \"rec\"}}{{if .}}{{index . 0}}{{template \"rec\" (slice "
                + ". 1)}}{{end}}{{end}}{{template \"rec\" .List}}",
            "abc"),
        GoldenCase("{{define \"a\"}} {{end}}{{define \"a\"}}y{{end}}{{template \"a\"}}", "y"),
    ])
    func definitionsIncludeAsInGo(_ golden: GoldenCase) throws {
        #expect(try golden.render() == golden.expected)
    }

    /// Go rejects each of these; the messages are checked in ``TemplateErrorTests``.
    @Test(arguments: [
        // Go: executing "t" at <{{template "missing"}}>: template "missing" not defined
        "{{template \"missing\"}}",
        // Go: template: multiple definition of template "a"
        "{{define \"a\"}}x{{end}}{{define \"a\"}}y{{end}}",
    ])
    func rejectsWhatGoRejects(_ source: String) {
        #expect(renderError(source) != nil)
    }
}
