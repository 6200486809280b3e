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
        GoldenCase("{{printf \"%5v|%-6v|%v\" true false .Nested}}", " true|false |map[Inner:map[Value:deep]]"),
        GoldenCase(
            "{{printf \"%-10v|%10v|\" .Map .List}}",
            "map[a         :1          b         :2         ]|[         a "
                + "         b          c]|"),
        GoldenCase("{{printf \"%5.1f|%s|% d|%+v\" 3 true -5 \"s\"}}", "%!f(int=    3)|%!s(bool=true)|-5|s"),
        GoldenCase(
            "{{printf \"%#x|%#X|% X|%e|%g|%.0f|%.1f|%.0f\" \"hi\" \"hi\" \"hi\" 0.0 "
                + "1e-7 2.5 0.05 3.5}}",
            "0x6869|0X6869|68 69|0.000000e+00|1e-07|2|0.1|4"),
        GoldenCase(
            "{{printf \"%6.3v|%c|%x|%q|%+q\" \"abcdef\" 55296 true 128512 \"😀\"}}",
            "   abc|�|%!x(bool=true)|'😀'|\"\\U0001f600\""),
        GoldenCase(
            "{{printf \"%08s|%-08d|%d|%s\" \"ab\" 5 .List .Mixed}}",
            "000000ab|5       |[%!d(string=a) %!d(string=b) %!d(string=c)]"
                + "|[x %!s(int=1) %!s(bool=true)]"),
        GoldenCase("{{printf \"%x|%X|%o|%b\" -1 255 -8 -5}}", "-1|FF|-10|-101"),
        GoldenCase("{{printf \"%10.3e|%-10.2g|%+g|% g\" 123.456 123.456 1.0 1.0}}", " 1.235e+02|1.2e+02   |+1| 1"),
        GoldenCase("{{printf \"%v|%.2v|%.0d|%.0d|\" 1.5 \"abc\" 0 7}}", "1.5|ab||7|"),
        GoldenCase("{{printf \"%3c|%-3c|%U|%#U\" 65 66 128512 65}}", "  A|B  |U+1F600|U+0041 'A'"),
        GoldenCase("{{printf \"%t %t\" true}}", "true %!t(MISSING)"),
        GoldenCase("{{printf \"%!\" 1}}", "%!!(int=1)"),
        GoldenCase("{{printf \"%-+5d|%+-5d|%0-5d|\" 3 3 3}}", "+3   |+3   |3    |"),
        GoldenCase("{{printf \"%.3s|%.10s|%.0s|\" \"héllo\" \"ab\" \"ab\"}}", "hél|ab||"),
        GoldenCase("{{printf \"%5%|%-5%|\" }}", "%|%|"),
        GoldenCase("{{printf \"%[3]d %d %[1]d %d\" 1 2 3}}", "3 %!d(MISSING) 1 2"),
        GoldenCase("{{printf \"%[5]d\" 1}}", "%!d(BADINDEX)"),
        GoldenCase("{{printf \"%d %d %[1]d\" 1 2}}", "1 2 1"),
        GoldenCase("{{printf \"%v\" .EmptyList}}", "[]"),
        GoldenCase("{{printf \"%s|%d\" .EmptyList .EmptyMap}}", "[]|map[]"),
        GoldenCase("{{printf \"%G|%E|%F\" 1e-10 1e-10 1e-10}}", "1E-10|1.000000E-10|0.000000"),
        GoldenCase("{{printf \"%6.2f%%\" 99.5}}", " 99.50%"),
        GoldenCase("{{printf \"%x|%X\" 1.0 -0.5}}", "0x1p+00|-0X1P-01"),
        GoldenCase("{{printf \"%.2x|%10.1f|\" 1.0 -1e9}}", "0x1.00p+00|-1000000000.0|"),
        GoldenCase("{{printf \"%q\" \"s\" .Missing}}", "\"s\"%!(EXTRA <nil>)"),
        GoldenCase("{{printf \"%q|%c|%q\" -2 -1 1114112}}", "'�'|�|'�'"),
        GoldenCase(
            "{{printf \"%T|%T|%T|%T|%T|%12T|%T\" 1 \"a\" 1.5 true .List .Map nil}}",
            "int|string|float64|bool|[]interface {}|map[string]interface {}|<nil>"),
    ])
    func printfFormatsAsGoFmt(_ golden: GoldenCase) throws {
        #expect(try golden.render() == golden.expected)
    }
}
