import GoTemplate
import Testing

/// Trim markers remove the white space beside them; comments print nothing.
/// Expectations produced by Go 1.19's text/template on the same input (see ``GoldenCase``).
@Suite struct TrimMarkerAndCommentTests {
    @Test(arguments: [
        GoldenCase("a  {{- .Name -}}  b", "apilotb"),
        GoldenCase("a \n\t {{- .Name}} b", "apilot b"),
        GoldenCase("a {{.Name -}} \n\n b", "a pilotb"),
        GoldenCase("{{- .Name -}}", "pilot"),
        GoldenCase("x{{-3}}y", "x-3y"),
        GoldenCase("x{{- 3}}y", "x3y"),
        GoldenCase("x {{- -3 -}} y", "x-3y"),
        GoldenCase("a {{/* a comment */}} b", "a  b"),
        GoldenCase("a {{- /* a comment */ -}} b", "ab"),
        GoldenCase("a {{/* multi\nline\ncomment */}} b", "a  b"),
        GoldenCase("a{{/**/}}b", "ab"),
        GoldenCase("a\n{{- /* c */}}\nb", "a\nb"),
        GoldenCase("{{range .List -}}\n  {{.}}\n{{end -}}", "a\nb\nc\n"),
    ])
    func trimMarkersAndCommentsBehaveAsInGo(_ golden: GoldenCase) throws {
        #expect(try golden.render() == golden.expected)
    }
}
