import GoTemplate
import Testing

/// Declaration, assignment, scoping to the enclosing control structure, `$`, range variables.
/// Expectations produced by Go 1.19's text/template on the same input (see ``GoldenCase``).
@Suite struct VariableTests {
    @Test(arguments: [
        GoldenCase("{{$x := 1}}{{$x}}", "1"),
        GoldenCase("{{$x := .Name}}{{$x}}-{{$x}}", "pilot-pilot"),
        GoldenCase("{{$x := 1}}{{$x = 2}}{{$x}}", "2"),
        GoldenCase("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", "2"),
        GoldenCase("{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}", "21"),
        GoldenCase("{{$x := .Nested}}{{$x.Inner.Value}}", "deep"),
        GoldenCase("{{with $x := .Name}}{{$x}}{{.}}{{end}}", "pilotpilot"),
        GoldenCase("{{if $x := .Count}}{{$x}}{{end}}", "3"),
        GoldenCase("{{range $i, $e := .List}}{{$i}}={{$e}} {{end}}", "0=a 1=b 2=c "),
        GoldenCase("{{range $e := .List}}{{$e}}{{end}}", "abc"),
        GoldenCase("{{range $k, $v := .Map}}{{$k}}:{{$v}};{{end}}", "a:1;b:2;"),
        GoldenCase("{{$n := 0}}{{range .Nums}}{{$n = .}}{{end}}{{$n}}", "3"),
        GoldenCase("{{range .List}}{{$.Name}}{{end}}", "pilotpilotpilot"),
        GoldenCase("{{$x := 1}}{{range $x = .Nums}}{{end}}{{$x}}", "3"),
        GoldenCase("{{$i := 0}}{{$e := 0}}{{range $i, $e = .List}}{{end}}{{$i}}{{$e}}", "2c"),
        GoldenCase("{{$x := \"a\"}}{{$y := $x}}{{$y}}", "a"),
    ])
    func variablesScopeAsInGo(_ golden: GoldenCase) throws {
        #expect(try golden.render() == golden.expected)
    }
}
