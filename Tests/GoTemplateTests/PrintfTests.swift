import GoTemplate
import Testing

/// `printf` verbs, flags, widths, precisions, explicit argument indexes and Go's error notation.
/// Expectations produced by Go 1.19's text/template on the same input (see ``GoldenCase``).
@Suite struct PrintfTests {
    @Test(arguments: [
        GoldenCase("{{printf \"%s|%v|%q\" \"x\" \"y\" \"z\\n\"}}", "x|y|\"z\\n\""),
        GoldenCase(
            "{{printf \"%d|%v|%+d|% d|%5d|%-5d|%05d|%.3d|%x|%X|%o|%O|%b|%#x|"
                + "%#o|%c|%q|%U\" 42 42 42 42 42 42 -42 7 255 255 8 8 5 255 8 65 "
                + "65 233}}",
            "42|42|+42| 42|   42|42   |-0042|007|ff|FF|10|0o10|101|0xff|010|A|'A'|U+00E9"),
        GoldenCase(
            "{{printf \"%f|%.2f|%8.3f|%-8.2f|%08.2f|%e|%E|%.3e|%g|%G|%.3g|"
                + "%v\" 3.14159 3.14159 3.14159 3.14159 -3.14159 1234.5678 1234.5678 "
                + "1234.5678 0.000012345 1e21 3.14159 2.5}}",
            "3.141590|3.14|   3.142|3.14    |-0003.14|1.234568e+03|1.234568E+03|"
                + "1.235e+03|1.2345e-05|1E+21|3.14|2.5"),
        GoldenCase(
            "{{printf \"%g|%g|%g|%v|%v|%+.1f|% .1f\" 100000.0 1000000.0 1e-5 1e20 0.1 2.0 2.0}}",
            "100000|1e+06|1e-05|1e+20|0.1|+2.0| 2.0"),
        GoldenCase("{{printf \"%t|%v|%5t\" true false true}}", "true|false| true"),
        GoldenCase(
            "{{printf \"%5s|%-5s|%.2s|%5.1s|%05s|%x|%X|% x\" \"ab\" \"ab\" \"abc\" "
                + "\"abc\" \"ab\" \"hi\" \"hi\" \"hi\"}}",
            "   ab|ab   |ab|    a|000ab|6869|6869|68 69"),
        GoldenCase("{{printf \"%v|%d|%s\" .List .Nums .List}}", "[a b c]|[1 2 3]|[a b c]"),
        GoldenCase("{{printf \"%v|%s\" .Map .Map}}", "map[a:1 b:2]|map[a:%!s(int=1) b:%!s(int=2)]"),
        GoldenCase("{{printf \"%q|%x\" .List .Nums}}", "[\"a\" \"b\" \"c\"]|[1 2 3]"),
        GoldenCase("{{printf \"%d\" \"x\"}}", "%!d(string=x)"),
        GoldenCase("{{printf \"%s\" 1}}", "%!s(int=1)"),
        GoldenCase("{{printf \"%t\" 1}}", "%!t(int=1)"),
        GoldenCase("{{printf \"%f\" 1}}", "%!f(int=1)"),
        GoldenCase("{{printf \"%d\" 1.5}}", "%!d(float64=1.5)"),
        GoldenCase("{{printf \"%s\" }}", "%!s(MISSING)"),
        GoldenCase("{{printf \"%s %s\" \"a\"}}", "a %!s(MISSING)"),
        GoldenCase("{{printf \"%s\" \"a\" \"b\" 1}}", "a%!(EXTRA string=b, int=1)"),
        GoldenCase("{{printf \"100%%|%z\" 1}}", "100%|%!z(int=1)"),
        GoldenCase("{{printf \"%\" }}", "%!(NOVERB)"),
        GoldenCase("{{printf \"%[2]s %[1]s\" \"a\" \"b\"}}", "b a"),
        GoldenCase("{{printf \"%*d|%-*d|\" 5 1 5 1}}", "    1|1    |"),
        GoldenCase("{{printf \"%.*f\" 2 3.14159}}", "3.14"),
        GoldenCase("{{printf \"%v %s\" nil nil}}", "<nil> %!s(<nil>)"),
        GoldenCase("{{printf \"%6.2v|%v|%v\" 3.14159 -0.0 .Count}}", "   3.1|-0|3"),
        GoldenCase(
            "{{printf \"%q|%+q|%#v\" \"héllo\\u0001\" \"héllo\" \"x\"}}",
            "\"héllo\\x01\"|\"h\\u00e9llo\"|\"x\""),
        GoldenCase("{{printf \"%x|%X|%x\" -255 -255 3.5}}", "-ff|-FF|0x1.cp+01"),
        GoldenCase(
            "{{printf \"%08.3f|%+08d|%-08d|%+.2e\" -3.14159 42 42 12345.678}}",
            "-003.142|+0000042|42      |+1.23e+04"),
        GoldenCase("{{printf \"%c|%c|%q\" 0x1F600 233 10}}", "😀|é|'\\n'"),
    ])
    func printfFormatsAsGoFmt(_ golden: GoldenCase) throws {
        #expect(try golden.render() == golden.expected)
    }
}
