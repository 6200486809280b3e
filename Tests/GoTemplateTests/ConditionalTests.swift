import GoTemplate
import Testing

/// `if`, `else if`, `with`, `else` and Go's truth of every kind of value.
/// Expectations produced by Go 1.19's text/template on the same input (see ``GoldenCase``).
@Suite struct ConditionalTests {
    @Test(arguments: [
        GoldenCase("{{if .True}}yes{{end}}", "yes"),
        GoldenCase("{{if .False}}yes{{else}}no{{end}}", "no"),
        GoldenCase("{{if .Empty}}a{{else if .Zero}}b{{else if .Count}}c{{else}}d{{end}}", "c"),
        GoldenCase("{{if .EmptyList}}a{{else if .EmptyMap}}b{{else}}c{{end}}", "c"),
        GoldenCase("{{if .Missing}}a{{else}}b{{end}}", "b"),
        GoldenCase("{{if 0.0}}a{{else}}b{{end}}{{if 0.1}}c{{end}}", "bc"),
        GoldenCase(
            "{{if .List}}{{.}}{{end}}",
            "map[Count:3 Empty: EmptyList:[] EmptyMap:map[] False:false Floats:[1.5 "
                + "2.25] List:[a b c] Map:map[a:1 b:2] Mixed:[x 1 true] Name:pilot "
                + "Nested:map[Inner:map[Value:deep]] Nums:[1 2 3] Pi:3.5 True:true "
                + "Zero:0]"),
        GoldenCase("{{with .Name}}{{.}}{{end}}", "pilot"),
        GoldenCase("{{with .Empty}}{{.}}{{else}}empty{{end}}", "empty"),
        GoldenCase("{{with .Nested.Inner}}{{.Value}}{{end}}", "deep"),
        GoldenCase("{{with .Missing}}x{{else}}{{.Name}}{{end}}", "pilot"),
        GoldenCase("{{if and .True .Count}}both{{end}}", "both"),
        GoldenCase("{{if not .False}}not{{end}}", "not"),
    ])
    func conditionalsChooseAsInGo(_ golden: GoldenCase) throws {
        #expect(try golden.render() == golden.expected)
    }
}
