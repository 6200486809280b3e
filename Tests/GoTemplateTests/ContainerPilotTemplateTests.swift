import GoTemplate
import Testing

/// ContainerPilot 3's configuration rendering: its own test cases (config/template/template_test.go) rewritten,
/// the examples of its documentation, and edge cases whose expectations come from running ContainerPilot's
/// template code under Go 1.19.
@Suite struct ContainerPilotTemplateTests {
    static let environment = ContainerPilotEnvironment.parse([
        "NAME=Template", "USER=pilot", "PARTS=a:b:c", "COUNT=3", "EMPTY=", "SPACED=  x y  ", "NUM=12",
        "URL=http://h/?a=b", "NAME_1=Template",
    ])

    static func render(_ source: String) throws(TemplateError) -> String {
        try ContainerPilotEnvironment.render(source, name: "config.json5", environment: environment)
    }

    static func failure(_ source: String) -> TemplateError? {
        do {
            _ = try render(source)
            return nil
        } catch {
            return error
        }
    }

    /// A loop of a hundred million numbers took 5.6 GB and 13 s; past a million it is an error at its place.
    @Test func refusesALoopOfMoreThanAMillionNumbers() throws {
        let error = try #require(Self.failure("x\n{{ range loop 0 100000000 }}x{{ end }}"))
        #expect(error.code == .functionFailed, "\(error)")
        #expect(error.line == 2)
        #expect(error.description.contains("at most 1000000"), "\(error)")
        #expect(try Self.render("{{ len (loop 1000000) }}") == "1000000")
    }

    @Test func parsesEntriesIntoAMap() {
        #expect(ContainerPilotEnvironment.parse([]) == [:])
        #expect(ContainerPilotEnvironment.parse(["VAR1=test", "VAR2=test2"]) == ["VAR1": "test", "VAR2": "test2"])
    }

    @Test func keepsAValueContainingEqualsSignsWhole() throws {
        // ContainerPilot splits at every "=" and keeps only the second piece: "http://h/?a".
        let environment = ContainerPilotEnvironment.parse(["URL=http://h/?a=b&c=d", "EMPTY=", "JUST_NAME"])
        #expect(environment == ["URL": "http://h/?a=b&c=d", "EMPTY": "", "JUST_NAME": ""])
        #expect(try Self.render(#"{{ .URL | replaceAll "/" "_" }}"#) == "http:__h_?a=b")
    }

    @Test(arguments: [
        // ContainerPilot's TestTemplate, case by case.
        ("Hello, {{.NAME}}!", "Hello, Template!"),
        ("Hello, {{.NONAME}}!", "Hello, !"),
        ("{{ loop 2 5 }}", "[2 3 4]"),
        ("{{ loop 10 1 }}", "[10 9 8 7 6 5 4 3 2]"),
        ("{{ loop 5 }}", "[0 1 2 3 4]"),
        ("{{ loop .COUNT }}", "[0 1 2]"),
        ("{{ loop 1 .COUNT }}", "[1 2]"),
        ("{{ range $i := loop 2 5 -}}i={{$i}},{{ end }}", "i=2,i=3,i=4,"),
        (#"Hello, {{ env (printf "NA%s" "ME_1") }}!"#, "Hello, Template!"),
        (#"Hello, {{.NONAME | default "World" }}!"#, "Hello, World!"),
        ("Hello, {{.NONAME | default 100 }}!", "Hello, 100!"),
        ("Hello, {{.NONAME | default 10.1 }}!", "Hello, 10.1!"),
        (#"Hello, {{.PARTS | split ":" | join "." }}!"#, "Hello, a.b.c!"),
        (#"Hello, {{.NAME | replaceAll "e" "_" }}!"#, "Hello, T_mplat_!"),
        (#"Hello, {{.NAME | regexReplaceAll "[epa]+" "_" }}!"#, "Hello, T_m_l_t_!"),
    ])
    func rendersContainerPilotsOwnTestCases(source: String, expected: String) throws {
        #expect(try Self.render(source) == expected)
    }

    @Test(arguments: [
        // The documentation's loop examples (its third one omits the trailing comma the code prints).
        ("{{ range $i := loop 5 }}{{ $i }},{{end}}", "0,1,2,3,4,"),
        ("{{ range $i := loop 5 8 }}{{ $i }},{{end}}", "5,6,7,"),
        ("{{ range $i := loop 5 1 }}{{ $i }},{{end}}", "5,4,3,2,"),
        ("{{ loop 3 3 }}|{{ loop 0 }}|{{ loop -2 }}", "[]|[]|[0 -1]"),
        // default: the piped value only when it is a non-empty string.
        (#"{{ .EMPTY | default "d" }}|{{ .NAME | default "d" }}|{{ 5 | default "d" }}"#, "d|Template|d"),
        (#"{{ default "a" "b" }}|{{ default true .NOPE }}|{{ .NOPE | default .NAME }}"#, "b|true|Template"),
        // split trims, returns [] for empty text, keeps empty pieces; an empty separator cuts every character.
        (#"{{ .EMPTY | split "," }}|{{ .SPACED | split " " }}|{{ split "," "a,,b" }}|{{ split "" "abc" }}"#,
         "[]|[x y]|[a  b]|[a b c]"),
        (#"{{ .PARTS | split ":" | len }}|{{ .EMPTY | split ":" | join "-" }}|"#, "3||"),
        (#"{{ replaceAll "" "-" "abc" }}"#, "-a-b-c-"),
        // regexReplaceAll expands groups like Go's regexp: $1x names group "1x", which does not exist.
        (#"{{ regexReplaceAll "(a)(b)" "$2$1" "abab" }}"#, "baba"),
        (#"{{ regexReplaceAll "(?P<x>a)" "[${x}]" "banana" }}"#, "b[a]n[a]n[a]"),
        (#"{{ regexReplaceAll "a" "$$" "aa" }}"#, "$$"),
        (#"{{ regexReplaceAll "a(x)?" "<$1>" "ab" }}"#, "<>b"),
        (#"{{ regexReplaceAll "(a)" "$1x" "a" }}|{{ regexReplaceAll "(a)" "${1}x" "a" }}"#, "|ax"),
        (#"{{ env "NAME_1" }}|{{ env "NOT_SET_ANYWHERE" }}|"#, "Template||"),
        ("{{ if .NAME }}set{{ else }}unset{{ end }}/{{ if .NOPE }}set{{ else }}unset{{ end }}", "set/unset"),
        (#"{{ .NUM | printf "%s" }}"#, "12"),
    ])
    func rendersAsContainerPilotDoes(source: String, expected: String) throws {
        #expect(try Self.render(source) == expected)
    }

    @Test func rendersTheDocumentedDynamicWatches() throws {
        let source = """
            watches: [
              {{ range $i := loop 0 3 -}}{{ if (env (printf "SERVICE_NAME_%d" $i)) -}}
              {
                name: "{{ (env (printf "SERVICE_NAME_%d" $i)) }}",
                interval: {{ (env (printf "SERVICE_INTERVAL_%d" $i)) | default 10 }}
              },
              {{- end }}{{- end }}
            ],
            """
        let environment = ["SERVICE_NAME_0": "app", "SERVICE_NAME_2": "db", "SERVICE_INTERVAL_2": "30"]
        let rendered = try ContainerPilotEnvironment.render(source, name: "config.json5", environment: environment)
        #expect(
            rendered == """
                watches: [
                  {
                    name: "app",
                    interval: 10
                  },{
                    name: "db",
                    interval: 30
                  },
                ],
                """)
    }

    @Test(arguments: [
        // (source, the message after "config.json5:1:COLUMN: ", column)
        (#"{{ loop "x" }}"#, #"function "loop": strconv.Atoi: parsing "x": invalid syntax"#, 4),
        ("{{ loop 1 2 3 }}", #"function "loop": expected 1 or 2 arguments, got 3"#, 4),
        ("{{ loop }}", #"function "loop": expected 1 or 2 arguments, got 0"#, 4),
        ("{{ loop 1.5 }}", #"function "loop": argument 1: expected int or string, got float64"#, 4),
        ("{{ default }}", #"function "default": expected 2 arguments, got 0"#, 4),
        (#"{{ "x" | default }}"#, #"function "default": expected 2 arguments, got 1"#, 10),
        (#"{{ split ":" }}"#, #"function "split": expected 2 arguments, got 1"#, 4),
        (#"{{ split ":" 5 }}"#, #"function "split": argument 2: expected string, got int"#, 4),
        (#"{{ .NAME | join "," }}"#, #"function "join": argument 2: expected []string, got string"#, 12),
        (#"{{ join "," (loop 3) }}"#, #"function "join": argument 2: expected []string, got []int"#, 4),
        (#"{{ replaceAll "a" "b" }}"#, #"function "replaceAll": expected 3 arguments, got 2"#, 4),
        ("{{ env }}", #"function "env": expected 1 argument, got 0"#, 4),
        ("{{ .NOPE.X }}", "can't evaluate field X in type string", 4),
    ])
    func failsWhereContainerPilotFails(source: String, message: String, column: Int) {
        let error = Self.failure(source)
        #expect(error?.description == "config.json5:1:\(column): \(message)")
    }

    @Test func reportsAnInvalidRegularExpression() throws {
        let error = try #require(Self.failure(#"{{ regexReplaceAll "(" "x" "y" }}"#))
        #expect(error.code == .functionFailed)
        #expect(error.message.hasPrefix(#"function "regexReplaceAll": error parsing regexp "(""#))
    }

    @Test func readsTheProcessEnvironment() throws {
        let environment = ContainerPilotEnvironment.current()
        #expect(environment["PATH"] != nil)
        #expect(try ContainerPilotEnvironment.render("{{ .PATH }}", name: "c", environment: environment)
            == environment["PATH"])
    }
}
