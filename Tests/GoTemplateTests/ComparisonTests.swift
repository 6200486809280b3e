import GoTemplate
import Testing

/// `eq`, `ne`, `lt`, `le`, `gt`, `ge` on Go's basic kinds.
/// Expectations produced by Go 1.19's text/template on the same input (see ``GoldenCase``).
@Suite struct ComparisonTests {
    @Test(arguments: [
        GoldenCase(
            "{{eq 1 1}} {{eq 1 2}} {{eq 1 2 3 1}} {{eq \"a\" \"a\"}} {{eq true "
                + "true}} {{eq 1.5 1.5}}",
            "true false true true true true"),
        GoldenCase("{{ne 1 2}} {{ne \"a\" \"a\"}} {{ne true false}}", "true false true"),
        GoldenCase(
            "{{lt 1 2}} {{lt 2 1}} {{lt 1.5 2.5}} {{lt \"a\" \"b\"}} {{lt \"b\" "
                + "\"a\"}} {{lt \"B\" \"a\"}}",
            "true false true true false true"),
        GoldenCase(
            "{{le 1 1}} {{le 2 1}} {{gt 2 1}} {{gt 1 1}} {{ge 1 1}} {{ge 0 1}}",
            "true false true false true false"),
        GoldenCase("{{eq .Count 3}} {{eq .Name \"pilot\"}} {{eq .Pi 3.5}} {{lt .Zero .Count}}", "true true true true"),
        GoldenCase("{{eq .Missing .Missing}} {{eq .Missing 1}} {{eq 1 .Missing}}", "true false false"),
        GoldenCase("{{eq 1 1 \"x\"}}", "true"),
        GoldenCase("{{ge \"b\" \"a\"}} {{le \"a\" \"a\"}}", "true true"),
    ])
    func comparisonsDecideAsInGo(_ golden: GoldenCase) throws {
        #expect(try golden.render() == golden.expected)
    }

    /// Go rejects each of these; the messages are checked in ``TemplateErrorTests``.
    @Test(arguments: [
        // Go: executing "t" at <eq 1 1.0>: error calling eq: incompatible types for comparison
        "{{eq 1 1.0}}",
        // Go: executing "t" at <eq 1 "1">: error calling eq: incompatible types for comparison
        "{{eq 1 \"1\"}}",
        // Go: executing "t" at <lt 1 2.5>: error calling lt: incompatible types for comparison
        "{{lt 1 2.5}}",
        // Go: executing "t" at <lt true false>: error calling lt: invalid type for comparison
        "{{lt true false}}",
        // Go: executing "t" at <lt .List .List>: error calling lt: invalid type for comparison
        "{{lt .List .List}}",
        // Go: executing "t" at <eq .List .List>: error calling eq: non-comparable type [a b c]: []interface {}
        "{{eq .List .List}}",
        // Go: executing "t" at <eq 1>: error calling eq: missing argument for comparison
        "{{eq 1}}",
        // Go: executing "t" at <lt>: wrong number of args for lt: want 2 got 1
        "{{lt 1}}",
        // Go: executing "t" at <eq 1 2 "x">: error calling eq: incompatible types for comparison
        "{{eq 1 2 \"x\"}}",
    ])
    func rejectsWhatGoRejects(_ source: String) {
        #expect(renderError(source) != nil)
    }
}
