import GoTemplate
import Testing

/// Text, literals in every notation, fields, dot, `$`, parenthesised pipelines and pipes.
/// Expectations produced by Go 1.19's text/template on the same input (see ``GoldenCase``).
@Suite struct ActionTests {
    @Test(arguments: [
        GoldenCase("plain text, no actions", "plain text, no actions"),
        GoldenCase("{{.Name}}", "pilot"),
        GoldenCase("{{ .Name }}", "pilot"),
        GoldenCase("{{.Nested.Inner.Value}}", "deep"),
        GoldenCase(
            "{{.}}",
            "map[Count:3 Empty: EmptyList:[] EmptyMap:map[] False:false Floats:[1.5 "
                + "2.25] List:[a b c] Map:map[a:1 b:2] Mixed:[x 1 true] Name:pilot "
                + "Nested:map[Inner:map[Value:deep]] Nums:[1 2 3] Pi:3.5 True:true "
                + "Zero:0]"),
        GoldenCase("{{.List}}", "[a b c]"),
        GoldenCase("{{.Map}}", "map[a:1 b:2]"),
        GoldenCase("{{.Nums}}", "[1 2 3]"),
        GoldenCase("{{.EmptyList}} {{.EmptyMap}}", "[] map[]"),
        GoldenCase("{{.Mixed}}", "[x 1 true]"),
        GoldenCase("{{.Floats}}", "[1.5 2.25]"),
        GoldenCase("{{.Pi}} {{.Count}} {{.True}}", "3.5 3 true"),
        GoldenCase("{{.Missing}}", "<no value>"),
        GoldenCase("{{.Missing.Deeper}}", "<no value>"),
        GoldenCase("{{\"quoted \\\"string\\\"\\n\\t\\\\\"}}", "quoted \"string\"\n\t\\"),
        GoldenCase("{{\"\\x41\\u00e9\\U0001F600\\101\"}}", "Aé😀A"),
        GoldenCase("{{`raw \\n string`}}", "raw \\n string"),
        GoldenCase("{{'a'}} {{'\\n'}} {{'\\x41'}} {{'\\u00e9'}}", "97 10 65 233"),
        GoldenCase("{{42}} {{-7}} {{+5}}", "42 -7 5"),
        GoldenCase("{{0x1F}} {{0X1f}} {{0o17}} {{017}} {{0b101}} {{1_000_000}} {{0x_FF}}", "31 31 15 15 5 1000000 255"),
        GoldenCase(
            "{{1.5}} {{1.0}} {{1e3}} {{2.5e-3}} {{.5}} {{1e21}} {{0x1p-2}} {{1_0.2_5}}",
            "1.5 1 1000 0.0025 0.5 1e+21 0.25 10.25"),
        GoldenCase(
            "{{123456.0}} {{1234567.0}} {{0.0001}} {{0.00001}} {{100000000.0}}",
            "123456 1.234567e+06 0.0001 1e-05 1e+08"),
        GoldenCase("{{true}} {{false}}", "true false"),
        GoldenCase("{{(.Name)}}", "pilot"),
        GoldenCase("{{(.Nested).Inner.Value}}", "deep"),
        GoldenCase("{{(index .Nested \"Inner\").Value}}", "deep"),
        GoldenCase(
            "{{$}}",
            "map[Count:3 Empty: EmptyList:[] EmptyMap:map[] False:false Floats:[1.5 "
                + "2.25] List:[a b c] Map:map[a:1 b:2] Mixed:[x 1 true] Name:pilot "
                + "Nested:map[Inner:map[Value:deep]] Nums:[1 2 3] Pi:3.5 True:true "
                + "Zero:0]"),
        GoldenCase("{{$.Name}}", "pilot"),
        GoldenCase("a\nb {{.Name}}\nc", "a\nb pilot\nc"),
        GoldenCase("{{ .Name\n}}", "pilot"),
        GoldenCase("héllo {{.Name}} wörld", "héllo pilot wörld"),
        GoldenCase("{{.Name | printf \"%s!\"}}", "pilot!"),
        GoldenCase("{{.Name | printf \"%s-%s\" \"x\"}}", "x-pilot"),
        GoldenCase("{{.Count | printf \"%d\" | printf \"[%s]\"}}", "[3]"),
        GoldenCase("{{print (print 1 2) (len .List)}}", "1 23"),
        GoldenCase("{{.Name | len}}", "5"),
    ])
    func actionsPrintAsInGo(_ golden: GoldenCase) throws {
        #expect(try golden.render() == golden.expected)
    }
}
