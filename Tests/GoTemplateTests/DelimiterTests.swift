import GoTemplate
import Testing

/// Custom delimiters replace `{{ }}` entirely; empty ones mean the defaults.
/// Expectations produced by Go 1.19's text/template on the same input (see ``GoldenCase``).
@Suite struct DelimiterTests {
    @Test(arguments: [
        GoldenCase("<<.Name>> {{.Name}}", "pilot {{.Name}}", delimiters: ("<<", ">>")),
        GoldenCase("[[- .Name -]] [[/* c */]]!", "pilot!", delimiters: ("[[", "]]")),
        GoldenCase("{%.Name%}", "pilot", delimiters: ("{%", "%}")),
        GoldenCase("{{.Name}}", "pilot"),
    ])
    func customDelimitersBehaveAsInGo(_ golden: GoldenCase) throws {
        #expect(try golden.render() == golden.expected)
    }
}
