import GoTemplate
import Testing

/// Functions the caller registers, as consul-template's `service` and `key` will be.
@Suite struct HostFunctionTests {
    static let functions: [String: TemplateFunction] = [
        "upper": { arguments throws(TemplateFunctionError) in
            try TemplateFunctionError.requireCount(arguments, 1)
            return .string(try TemplateFunctionError.string(arguments, 0).uppercased())
        },
        "service": { arguments in
            let name = arguments.first?.stringValue ?? ""
            return [["Address": "10.0.0.1", "Port": 80, "Name": .string(name)], ["Address": "10.0.0.2", "Port": 81]]
        },
        "arguments": { arguments in .array(arguments) },
        "now": { _ in "12:00" },
    ]

    @Test func receivesThePipedValueLast() throws {
        #expect(try render(#"{{ "a" | arguments "b" "c" }}"#, functions: Self.functions) == "[b c a]")
        #expect(try render(#"{{ .Name | upper }}"#, functions: Self.functions) == "PILOT")
    }

    @Test func returnsCollectionsATemplateRangesOver() throws {
        let source = #"{{ range service "api" }}server {{ .Address }}:{{ .Port }};{{ end }}"#
        #expect(try render(source, functions: Self.functions) == "server 10.0.0.1:80;server 10.0.0.2:81;")
        #expect(try render(#"{{ (index (service "api") 0).Name }}"#, functions: Self.functions) == "api")
    }

    @Test func isCalledWithoutArgumentsWhenUsedAsAnArgument() throws {
        #expect(try render("{{ print now }} {{ now | printf \"at %s\" }}", functions: Self.functions)
            == "12:00 at 12:00")
    }

    @Test func replacesABuiltinOfTheSameName() throws {
        let functions: [String: TemplateFunction] = ["len": { _ in 42 }, "and": { _ in "mine" }]
        #expect(try render(#"{{ len "abc" }} {{ and 0 1 }}"#, functions: functions) == "42 mine")
    }

    @Test func reportsArgumentErrorsWithTheFunctionsName() throws {
        let error = try #require(renderError("{{ upper 1 }}", functions: Self.functions))
        #expect(error.description == #"t:1:4: function "upper": argument 1: expected string, got int"#)
        #expect(error.code == .wrongArguments)
    }

    @Test func anUnregisteredFunctionIsAParseError() throws {
        #expect(throws: TemplateError.self) { try Template(name: "t", source: "{{ upper .Name }}") }
    }

    @Test func aParsedTemplateRendersFromManyTasksAtOnce() async throws {
        let template = try Template(name: "t", source: "{{ range . }}{{ upper . }}{{ end }}", functions: Self.functions)
        try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<8 {
                group.addTask { try template.render([.string("x\(index)"), "y"]) }
            }
            var results: Set<String> = []
            for try await result in group { results.insert(result) }
            #expect(results.count == 8)
        }
    }
}
