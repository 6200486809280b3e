import GoTemplate
import Testing

/// Go's truth and `%v` printing of values, independent of any template.
@Suite struct TemplateValueTests {
    static let truths: [(TemplateValue, Bool)] = [
        ("", false), ("x", true), (0, false), (-1, true), (0.0, false), (0.5, true),
        (false, false), (true, true), ([], false), ([0], true), ([:], false), (["a": 0], true), (nil, false),
    ]

    static let printed: [(TemplateValue, String)] = [
        (["b": 2, "a": ["x", 1.5]], "map[a:[x 1.5] b:2]"),
        ([nil, true, "s"], "[<nil> true s]"),
        (1e6, "1e+06"), (123456.0, "123456"), (0.1, "0.1"), (1e-5, "1e-05"), (-2.5e-7, "-2.5e-07"),
        (3.0, "3"), (.double(1.0 / 3.0), "0.3333333333333333"), (1e300, "1e+300"),
        (.double(.leastNonzeroMagnitude), "5e-324"),
        (.double(.infinity), "+Inf"), (.double(-.infinity), "-Inf"), (.double(.nan), "NaN"),
        (.integer(Int.min), "-9223372036854775808"),
    ]

    @Test(arguments: truths)
    func isTrueAsGoDecidesForIfAndWith(value: TemplateValue, truth: Bool) {
        #expect(value.isTrue == truth)
    }

    @Test(arguments: printed)
    func printsAsGoFmtV(value: TemplateValue, text: String) {
        #expect(value.formatted == text)
    }

    @Test func buildsAMapOfStrings() {
        #expect(TemplateValue(strings: ["A": "1"]) == .map(["A": .string("1")]))
        #expect(TemplateValue.string("x").stringValue == "x")
        #expect(TemplateValue.integer(1).stringValue == nil)
    }
}
