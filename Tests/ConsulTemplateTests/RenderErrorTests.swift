import ConsulAPI
import ConsulTemplate
import GoTemplate
import Testing

/// A template error names the file, the line, the column and the function, so that a broken `.ctmpl` can be
/// fixed from the message alone.
@Suite struct RenderErrorTests {
    typealias F = RegistryFixtures

    @Test func aWrongArgumentCountNamesTheFunctionAndItsPlace() throws {
        let error = try #require(F.failure("line one\n  {{ key }}"))
        #expect(error.code == .wrongArguments)
        #expect(error.description == #"test.ctmpl:2:6: function "key": expected 1 argument, got 0"#)
    }

    @Test func aWrongArgumentKindNamesTheArgument() throws {
        let error = try #require(F.failure(#"{{ toUpper 3 }}"#))
        #expect(error.description == #"test.ctmpl:1:4: function "toUpper": argument 1: expected string, got int"#)
    }

    @Test func aFailingHelperReportsGosMessage() throws {
        let error = try #require(F.failure("\n\n{{ \"12a\" | parseInt }}"))
        #expect(error.code == .functionFailed)
        #expect(
            error.description
                == #"test.ctmpl:3:12: function "parseInt": strconv.ParseInt: parsing "12a": invalid syntax"#)
        let divide = try #require(F.failure(#"{{ divide 0 1 }}"#))
        #expect(divide.message == #"function "divide": runtime error: integer divide by zero"#)
        let regex = try #require(F.failure(#"{{ regexMatch "(" "x" }}"#))
        #expect(regex.message.hasPrefix(#"function "regexMatch": error parsing regexp "(""#), "\(regex)")
        let add = try #require(F.failure(#"{{ add "a" 1 }}"#))
        #expect(add.message == #"function "add": add: unknown type for a (string)"#)
    }

    @Test func anUnknownFunctionIsFoundWhenTheTemplateIsRead() {
        #expect(throws: TemplateError.self) { try RegistryTemplate(name: "t", source: "{{ sprig_upper 1 }}") }
        do {
            _ = try RegistryTemplate(name: "bad.ctmpl", source: "ok\n{{ range service \"a\" }}")
            Issue.record("an unclosed range parsed")
        } catch {
            #expect(error.code == .syntax)
            #expect(error.line == 2, "\(error)")
        }
    }

    @Test func anErrorInAnAnsweredRenderIsReported() throws {
        let outcome = try F.outcome(
            #"{{ range service "web" }}{{ .Port | toLower }}{{ end }}"#, [F.service("web"): .services(F.web)])
        let error = try #require(outcome.error)
        #expect(outcome.text == nil)
        #expect(error.message == #"function "toLower": argument 1: expected string, got int"#)
    }

    /// With `api` unanswered, `index` of its empty stand-in fails; that error says nothing about the template, so
    /// the pass reports only the missing query, and the error shows once the answer says it is real.
    @Test func anErrorWhileAQueryIsMissingIsNotReported() throws {
        let source = #"{{ (index (service "web") 0).Address }}"#
        let waiting = try F.outcome(source)
        #expect(waiting.error == nil)
        #expect(waiting.text == nil)
        #expect(waiting.missing == [F.service("web")])
        #expect(try F.render(source, [F.service("web"): .services(F.web)]) == "10.0.0.1")
        let empty = try F.outcome(source, [F.service("web"): .services([])])
        #expect(empty.error?.message == #"function "index": index out of range: 0"#)
    }
}
