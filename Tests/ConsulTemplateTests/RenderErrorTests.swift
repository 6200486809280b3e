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

    static let functionNames = [
        "service", "services", "key", "keyOrDefault", "keyExists", "ls", "safeLs", "tree", "safeTree", "node",
        "nodes", "file", "env", "envOrDefault", "mustEnv", "timestamp", "byTag", "byKey", "explode", "in", "contains",
        "containsAll", "containsAny", "containsNone", "containsNotAll", "split", "splitToMap", "join", "trim",
        "trimSpace", "trimPrefix", "trimSuffix", "toLower", "toUpper", "toTitle", "indent", "replaceAll",
        "regexMatch", "regexReplaceAll", "loop", "parseInt", "parseUint", "parseFloat", "parseBool", "parseJSON",
        "toJSON", "toJSONPretty", "toUnescapedJSON", "toUnescapedJSONPretty", "base64Encode", "base64Decode",
        "base64URLEncode", "base64URLDecode", "add", "subtract", "multiply", "divide", "modulo", "minimum",
        "maximum", "printf",
    ]

    @Test(arguments: functionNames)
    func everyDocumentedFunctionIsDefined(_ name: String) throws {
        _ = try RegistryTemplate(name: "t", source: "{{ if false }}{{ \(name) }}{{ end }}")
    }

    /// A template written for a consul-template feature pilot lacks fails when it is read, at its place, instead
    /// of rendering a file without it.
    @Test(arguments: ["secret", "scratch", "plugin", "executeTemplate", "sockaddr", "toYAML", "sprig_upper"])
    func anUnsupportedFunctionFailsWhenTheTemplateIsRead(_ name: String) {
        do {
            _ = try RegistryTemplate(name: "vault.ctmpl", source: "ok\n  {{ \(name) \"x\" }}")
            Issue.record("\(name) parsed")
        } catch {
            #expect(error.code == .undefinedFunction)
            #expect(error.line == 2 && error.column == 6, "\(error)")
        }
    }
}
