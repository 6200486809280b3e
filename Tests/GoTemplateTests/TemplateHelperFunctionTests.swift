import GoTemplate
import Testing

/// The helpers both dialects share, called directly as a dialect registers them.
@Suite struct TemplateHelperFunctionTests {
    @Test func loopCountsDownOnlyWhenTheDialectDoes() throws {
        #expect(try TemplateHelperFunctions.loop([5, 2], countsDown: true) == [5, 4, 3])
        #expect(try TemplateHelperFunctions.loop([5, 2], countsDown: false) == [])
        #expect(try TemplateHelperFunctions.loop(["3"], countsDown: false) == [0, 1, 2])
        #expect(throws: TemplateFunctionError.self) {
            try TemplateHelperFunctions.loop([0, 2_000_000], countsDown: false)
        }
    }

    @Test func regexMatchSearchesAnywhereInTheText() throws {
        #expect(try TemplateHelperFunctions.regexMatch(["b+", "abbc"]) == true)
        #expect(try TemplateHelperFunctions.regexMatch(["^b", "abbc"]) == false)
        #expect(throws: TemplateFunctionError.self) { try TemplateHelperFunctions.regexMatch(["(", "x"]) }
    }

    @Test func shortestDigitsGiveTheDigitsAndThePointOfAFloat() {
        #expect(TemplateHelperFunctions.shortestDigits(1e21) == ("1", 22))
        #expect(TemplateHelperFunctions.shortestDigits(0.000125) == ("125", -3))
        #expect(TemplateHelperFunctions.shortestDigits(2.5) == ("25", 1))
    }

    @Test func quotedIsGosQuoting() {
        #expect(TemplateHelperFunctions.quoted("a\"b\n") == #""a\"b\n""#)
    }
}
