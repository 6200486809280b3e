import GoTemplate
import Testing

/// The parser recurses; nesting past its limit is an error at the place it happens, never a stack overflow
/// (ten thousand `(` crashed pilot with SIGSEGV before the limit).
@Suite struct NestingLimitTests {
    static func parseError(_ source: String) -> TemplateError? {
        do {
            _ = try Template(name: "deep.tpl", source: source)
            return nil
        } catch {
            return error
        }
    }

    @Test func tenThousandParenthesesAreAnErrorAtTheirPlace() throws {
        let source = "x\n{{" + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + "}}"
        let error = try #require(Self.parseError(source))
        #expect(error.code == .depthExceeded)
        #expect(error.line == 2)
        #expect(error.description.contains("nested more than 100 levels deep"), "\(error)")
    }

    @Test func tenThousandNestedIfsAreAnError() throws {
        let source = String(repeating: "{{ if 1 }}", count: 10_000) + "x" + String(repeating: "{{ end }}", count: 10_000)
        let error = try #require(Self.parseError(source))
        #expect(error.code == .depthExceeded)
    }

    @Test func fiftyLevelsRenderAsGoRendersThem() throws {
        let ifs = String(repeating: "{{ if 1 }}", count: 50) + "x" + String(repeating: "{{ end }}", count: 50)
        #expect(try Template(name: "t", source: ifs).render(.nil) == "x")
        let parentheses = "{{" + String(repeating: "(", count: 40) + "7" + String(repeating: ")", count: 40) + "}}"
        #expect(try Template(name: "t", source: parentheses).render(.nil) == "7")
    }
}
