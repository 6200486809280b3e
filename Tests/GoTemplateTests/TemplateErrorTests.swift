import GoTemplate
import Testing

/// Every error names the template, the 1-based line and column of the element at fault, and what went wrong.
@Suite struct TemplateErrorTests {
    @Test func namesFileLineAndColumnOfAFunctionGivenTooFewArguments() throws {
        let source = """
            {
              name: "app",
                 parts: "{{ split .PARTS }}",
            }
            """
        let functions = ContainerPilotFunctions.functions(environment: [:])
        let error = try #require(renderError(source, [:], functions: functions, name: "config.json5"))
        #expect(error.description == #"config.json5:3:17: function "split": expected 2 arguments, got 1"#)
        #expect(error.code == .wrongArguments)
        #expect((error.templateName, error.line, error.column) == ("config.json5", 3, 17))
    }

    @Test(arguments: [
        // (source, code, line, column, message)
        ("a {{ .Name", TemplateError.Code.syntax, 1, 3, "unclosed action"),
        ("{{ .Name }", .syntax, 1, 10, "unrecognized character in action: }"),
        ("{{ .Name , }}", .syntax, 1, 10, #"unexpected "," in operand"#),
        ("{{ .Name ) }}", .syntax, 1, 10, "unexpected right parenthesis"),
        ("{{ (.Name }}", .syntax, 1, 11, "unclosed left parenthesis"),
        ("{{ foo 1 }}", .undefinedFunction, 1, 4, #"function "foo" not defined"#),
        ("x\n  {{ $y }}", .undefinedVariable, 2, 6, #"undefined variable "$y""#),
        ("{{ $y = 1 }}", .undefinedVariable, 1, 4, #"undefined variable "$y""#),
        ("{{ if .A }}{{ $x := 1 }}{{ end }}{{ $x }}", .undefinedVariable, 1, 37, #"undefined variable "$x""#),
        ("{{ end }}", .syntax, 1, 4, "unexpected {{end}}"),
        ("{{ else }}", .syntax, 1, 4, "unexpected {{else}}"),
        ("{{ if .A }}x", .syntax, 1, 13, "unexpected EOF"),
        ("{{ if .A }}{{ else }}{{ else }}{{ end }}", .syntax, 1, 15, "expected end; found {{else}}"),
        ("{{ break }}", .syntax, 1, 4, "{{break}} outside {{range}}"),
        ("{{ range .L }}{{ else }}{{ continue }}{{ end }}", .syntax, 1, 28, "{{continue}} outside {{range}}"),
        ("{{ 3x }}", .syntax, 1, 4, #"bad number syntax: "3x""#),
        ("{{ 0x }}", .syntax, 1, 4, #"illegal number syntax: "0x""#),
        (#"{{ "abc }}"#, .syntax, 1, 4, "unterminated quoted string"),
        (#"{{ "\q" }}"#, .syntax, 1, 4, "invalid escape sequence in quoted string"),
        ("{{ 'ab' }}", .syntax, 1, 4, "malformed character constant: 'ab'"),
        ("{{ `abc }}", .syntax, 1, 4, "unterminated raw quoted string"),
        ("a {{/* never closed }}", .syntax, 1, 3, "unclosed comment"),
        ("{{/* c */ .Name }}", .syntax, 1, 1, "comment ends before closing delimiter"),
        ("{{ .Name ! }}", .syntax, 1, 10, "unrecognized character in action: !"),
        ("{{ }}", .syntax, 1, 4, "missing value for command"),
        ("{{ .Name | 3 }}", .syntax, 1, 12, "non executable command in pipeline stage 2"),
        ("{{ template .Name }}", .syntax, 1, 13, "unexpected .Name in template clause"),
        (#"{{ define "a" }}x{{ end }}{{ define "a" }}y{{ end }}"#, .undefinedTemplate, 1, 30,
         #"template: multiple definition of template "a""#),
        ("{{ with $x, $y := .A }}{{ end }}", .syntax, 1, 11, "too many declarations in with"),
        ("{{ 1.5.Name }}", .syntax, 1, 7, "unexpected . after term"),
        (#"{{ "x".Name }}"#, .syntax, 1, 7, "unexpected . after term"),
    ])
    func rejectsAMalformedTemplateWithItsLocation(
        source: String, code: TemplateError.Code, line: Int, column: Int, message: String
    ) throws {
        let error = try #require(renderError(source))
        #expect(error.code == code)
        #expect(error.message == message)
        #expect(error.line == line)
        #expect(error.column == column)
    }

    @Test(arguments: [
        // (source, code, line, column, message): these parse, and fail while rendering.
        ("{{ index .List 5 }}", TemplateError.Code.functionFailed, 1, 4, #"function "index": index out of range: 5"#),
        ("{{ len 3 }}", .functionFailed, 1, 4, #"function "len": len of type int"#),
        ("{{ not }}", .wrongArguments, 1, 4, #"function "not": expected 1 argument, got 0"#),
        ("{{ and }}", .wrongArguments, 1, 4, #"function "and": expected at least 1 argument, got 0"#),
        ("{{ printf 3 }}", .wrongArguments, 1, 4, #"function "printf": argument 1: expected string, got int"#),
        ("\n\n  {{ eq 1 1.0 }}", .functionFailed, 3, 6, #"function "eq": incompatible types for comparison"#),
        ("{{ .Name.First }}", .invalidOperation, 1, 4, "can't evaluate field First in type string"),
        ("{{ .Name 1 }}", .invalidOperation, 1, 4, "can't give argument to non-function .Name"),
        ("{{ 1.5 .Name }}", .invalidOperation, 1, 4, "can't give argument to non-function 1.5"),
        ("{{ 1 | .Name }}", .invalidOperation, 1, 8, "can't give argument to non-function .Name"),
        ("{{ nil }}", .invalidOperation, 1, 4, "nil is not a command"),
        ("{{ range .Name }}{{ end }}", .invalidOperation, 1, 10, "range can't iterate over pilot"),
        ("{{ range $i, $e := 3 }}{{ end }}", .invalidOperation, 1, 10,
         "can't use 3 to iterate over more than one variable"),
        (#"{{ template "none" }}"#, .undefinedTemplate, 1, 4, #"no such template "none""#),
    ])
    func reportsARenderingFailureWithItsLocation(
        source: String, code: TemplateError.Code, line: Int, column: Int, message: String
    ) throws {
        let error = try #require(renderError(source))
        #expect(error.code == code)
        #expect(error.message == message)
        #expect(error.line == line)
        #expect(error.column == column)
    }

    @Test func reportsAnErrorInsideABlockNestedInAControlStructureInsteadOfCrashing() throws {
        // The block's own variable scope used to stay in place when its body failed to parse, and the enclosing
        // `if` then truncated its scope to a negative length (found by differential fuzzing against Go).
        let source = #"{{ $x := 1 }}{{ if .A }}{{ block "b" . }}{{ nope }}{{ end }}{{ end }}"#
        let error = try #require(renderError(source))
        #expect(error.code == .undefinedFunction)
        #expect(error.column == 45)
        let defined = #"{{ $x := 1 }}{{ define "d" }}{{ nope }}{{ end }}"#
        #expect(renderError(defined)?.code == .undefinedFunction)
    }

    @Test func reportsTheFirstErrorInSourceOrderWhetherSyntacticOrLexical() throws {
        // Go's parser pulls tokens from its lexer as it goes, so a misplaced {{end}} is reported before a bad
        // number further on, and a bad token in the middle of a command is reported where it stands.
        let first = try #require(renderError("{{ end }}\n{{ 3x }}"))
        #expect((first.line, first.column, first.message) == (1, 4, "unexpected {{end}}"))
        let inCommand = try #require(renderError("{{ print 1 'ab' .Name }}"))
        #expect((inCommand.column, inCommand.message) == (12, "malformed character constant: 'ab'"))
        let inParentheses = try #require(renderError("{{ print (len 3x) }}"))
        #expect(inParentheses.message == #"bad number syntax: "3x""#)
    }

    @Test func countsColumnsInCharactersNotBytes() throws {
        let error = try #require(renderError("héllo wörld {{ nope }}"))
        #expect(error.column == 16)
    }

    @Test func stopsEndlessRecursionWithAnError() throws {
        let error = try #require(renderError(#"{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}"#))
        #expect(error.code == .depthExceeded)
        #expect(error.line == 1)
        #expect(error.column == 20)
    }

    @Test func namesTheFunctionWhoseHostImplementationFailed() throws {
        struct Refused: Error, CustomStringConvertible {
            var description: String { "registry unreachable" }
        }
        let functions: [String: TemplateFunction] = ["service": { _ in throw Refused() }]
        let error = try #require(renderError(#"x{{ service "api" }}"#, functions: functions))
        #expect(error.description == #"t:1:5: function "service": registry unreachable"#)
        #expect(error.code == .functionFailed)
    }
}
