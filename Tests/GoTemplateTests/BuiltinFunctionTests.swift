import GoTemplate
import Testing

/// `and`, `or`, `not`, `len`, `index`, `slice`, `print`, `println`, `html`, `js`, `urlquery`.
/// Expectations produced by Go 1.19's text/template on the same input (see ``GoldenCase``).
@Suite struct BuiltinFunctionTests {
    @Test(arguments: [
        GoldenCase("{{and 1 0 2}} {{and 1 2 3}} {{and .Empty .Missing}}", "0 3 "),
        GoldenCase("{{or 0 \"\" 3}} {{or 0 \"\"}} {{or .Name .Missing}}", "3  pilot"),
        GoldenCase("{{and .Missing (index .Missing 0)}}", "<no value>"),
        GoldenCase("{{or .Name (index .Missing 0)}}", "pilot"),
        GoldenCase("{{.Count | and 1}} {{0 | or false}}", "3 0"),
        GoldenCase("{{not 0}} {{not 1}} {{not .List}} {{not .EmptyList}}", "true false false true"),
        GoldenCase("{{len .Name}} {{len .List}} {{len .Map}} {{len \"héllo\"}} {{len .EmptyList}}", "5 3 2 6 0"),
        GoldenCase(
            "{{index .List 1}} {{index .Map \"b\"}} {{index .Nested \"Inner\" "
                + "\"Value\"}} {{index .Name 0}}",
            "b 2 deep 112"),
        GoldenCase("{{index .List}}", "[a b c]"),
        GoldenCase("{{index .Map \"zzz\"}}", "<no value>"),
        GoldenCase(
            "{{slice .List 1}} {{slice .List 1 2}} {{slice .List}} {{slice "
                + ".List 0 0}} {{slice .List 1 2 3}}",
            "[b c] [b] [a b c] [] [b]"),
        GoldenCase("{{slice .Name 1 3}} {{slice .Name 2}} {{slice .Name}}", "il lot pilot"),
        GoldenCase(
            "{{print}}|{{print 1 2}}|{{print \"a\" \"b\"}}|{{print 1 \"a\" 2}}|"
                + "{{print .List .Map}}|{{print true false}}",
            "|1 2|ab|1a2|[a b c] map[a:1 b:2]|true false"),
        GoldenCase("{{print 1.5 2}} {{print nil}} {{print \"a\" nil 1}}", "1.5 2 <nil> a<nil> 1"),
        GoldenCase("{{println}}|{{println 1 2}}|{{println \"a\" \"b\"}}|", "\n|1 2\n|a b\n|"),
        GoldenCase(
            "{{html \"<a href='x'>&\\\"</a>\"}} {{html 1 2}} {{html \"a\" 1}}",
            "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt; 1 2 a1"),
        GoldenCase(
            "{{js \"it's \\\"q\\\" <b>&=\\\\ \\n\\u00e9\"}} {{js 1 2}}",
            "it\\'s \\\"q\\\" \\u003Cb\\u003E\\u0026\\u003D\\\\ \\u000Aé 1 2"),
        GoldenCase("{{urlquery \"a b&c=d/é~._-\"}} {{urlquery 1 \"x y\"}}", "a+b%26c%3Dd%2F%C3%A9~._- 1x+y"),
        GoldenCase("{{\"<x>\" | html}} {{.Name | urlquery}}", "&lt;x&gt; pilot"),
    ])
    func builtinsReturnWhatGoReturns(_ golden: GoldenCase) throws {
        #expect(try golden.render() == golden.expected)
    }

    /// Go rejects each of these; the messages are checked in ``TemplateErrorTests``.
    @Test(arguments: [
        // Go: executing "t" at <len 3>: error calling len: len of type int
        "{{len 3}}",
        // Go: executing "t" at <len .Missing>: error calling len: reflect: call of reflect.Value.Type on zero Value
        "{{len .Missing}}",
        // Go: executing "t" at <index .List 5>: error calling index: index out of range: 5
        "{{index .List 5}}",
        // Go: executing "t" at <index .List -1>: error calling index: index out of range: -1
        "{{index .List -1}}",
        // Go: executing "t" at <index .Missing 0>: error calling index: index of untyped nil
        "{{index .Missing 0}}",
        // Go: executing "t" at <index .Count 0>: error calling index: can't index item of type int
        "{{index .Count 0}}",
        // Go: executing "t" at <index .Map 1>: error calling index: value has type int; should be string
        "{{index .Map 1}}",
        // Go: executing "t" at <index .List "1">: error calling index: cannot index slice/array with type string
        "{{index .List \"1\"}}",
        // Go: executing "t" at <slice .Name 1 2 3>: error calling slice: cannot 3-index slice a string
        "{{slice .Name 1 2 3}}",
        // Go: executing "t" at <slice .List 2 1>: error calling slice: invalid slice index: 2 > 1
        "{{slice .List 2 1}}",
        // Go: executing "t" at <slice .List 4>: error calling slice: index out of range: 4
        "{{slice .List 4}}",
    ])
    func rejectsWhatGoRejects(_ source: String) {
        #expect(renderError(source) != nil)
    }
}
