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
        GoldenCase("{{.Name}}{{/* c */}}{{ \"a\" }}{{- \"b\" }}", "pilotab"),
        GoldenCase("{{ (print (len .List)) }}", "3"),
        GoldenCase("{{ $x := (index .List 0) }}{{ $x }}", "a"),
        GoldenCase("{{ len (slice .List 1) | printf \"%03d\" }}", "002"),
        GoldenCase("{{ with $x := index .Map \"a\" }}{{ $x }}{{ end }}", "1"),
        GoldenCase("{{ .Nested.Inner | len }}", "1"),
        GoldenCase("{{ print .Nums | len }}", "7"),
        GoldenCase("{{ \"a\" | print \"b\" | print \"c\" }}", "cba"),
        GoldenCase("{{ (.Nested.Inner).Value }}", "deep"),
        GoldenCase("{{ ( .Name ) }}", "pilot"),
        GoldenCase(
            "{{ 1e100 }} {{ -1.5e-10 }} {{ 1.25E2 }} {{ 0x10p2 }} {{ -0 }} {{ 0.000 }}",
            "1e+100 -1.5e-10 125 64 0 0"),
        GoldenCase("{{ 9223372036854775807 }}", "9223372036854775807"),
        GoldenCase("{{ print 07 08.5 }}", "7 8.5"),
        GoldenCase("{{ '\\'' }} {{ '\"' }} {{ \"'\" }}", "39 34 '"),
        GoldenCase("{{ .Name }}\n{{ .Count }}\r\n{{ .Pi }}", "pilot\n3\r\n3.5"),
        GoldenCase("{{if .True}}\n  yes\n{{- end}}", "\n  yes"),
        GoldenCase("{{$x := 1}}{{with .Name}}{{$x}}{{$x := 2}}{{$x}}{{end}}{{$x}}", "121"),
        GoldenCase("{{range $i, $v := .Nums}}{{$i}}{{$v}}{{end}}{{range .Nums}}{{.}}{{end}}", "011223123"),
        GoldenCase("{{ and 1 .Missing.Deeper }}", "<no value>"),
        GoldenCase("{{ or .Empty .Zero .False .EmptyList }}", "[]"),
        GoldenCase("{{ if or .Empty (eq .Count 3) }}y{{ end }}", "y"),
        GoldenCase("{{ not (and .True .False) }}", "true"),
        GoldenCase("{{ printf \"%v\" (index .Mixed 1) }} {{ index .Floats 1 }}", "1 2.25"),
        GoldenCase("{{ slice .Mixed 1 }} {{ slice \"héllo\" 1 3 }}", "[1 true] é"),
        GoldenCase("{{ eq (len .List) 3 }} {{ eq (index .Nums 0) 1 }}", "true true"),
    ])
    func actionsPrintAsInGo(_ golden: GoldenCase) throws {
        #expect(try golden.render() == golden.expected)
    }

    /// Go rejects each of these; the messages are checked in ``TemplateErrorTests``.
    @Test(arguments: [
        // Go: executing "t" at <ne>: wrong number of args for ne: want 2 got 3
        "{{ eq .Empty \"\" }} {{ ne .Name \"x\" \"y\" }}",
        // Go: executing "t" at <index .Missing>: error calling index: index of untyped nil
        "{{ index .Missing }}",
        // Go: executing "t" at <index>: error calling index: index of untyped nil
        "{{ .Missing | index }}",
    ])
    func rejectsWhatGoRejects(_ source: String) {
        #expect(renderError(source) != nil)
    }
}
