import ConsulAPI
import ConsulTemplate
import GoTemplate
import Testing

/// consul-template's helper functions, each against expectations from its documentation or from Go's standard
/// library (`encoding/json`, `strconv`, `time`) run on the same input.
@Suite struct HelperFunctionTests {
    typealias F = RegistryFixtures

    /// A template and the text it renders to, with no registry answers needed.
    struct Case: Sendable, CustomTestStringConvertible {
        var source: String
        var expected: String
        init(_ source: String, _ expected: String) {
            self.source = source
            self.expected = expected
        }
        var testDescription: String { source }
    }

    @Test(arguments: [
        Case(#"{{ "a,b,c" | split "," | join ";" }}"#, "a;b;c"),
        Case(#"{{ len (split "," "  ") }}"#, "0"),
        Case(#"{{ split ":" " x:y " }}"#, "[x y]"),
        Case(
            #"{{ "Hello World" | toLower }} {{ "hello" | toUpper }} {{ "straße" | toUpper }}"#,
            "hello world HELLO STRAßE"),
        Case(#"{{ "hello wide-world o'neil" | toTitle }}"#, "Hello Wide-World O'neil"),
        Case(#"[{{ "  \t x y \n" | trimSpace }}]"#, "[x y]"),
        Case(#"{{ trim "-" "--x-y--" }} {{ trimPrefix "v" "v1.2" }} {{ trimSuffix ".conf" "a.conf" }}"#, "x-y 1.2 a"),
        Case(#"{{ "a.b.c" | replaceAll "." "_" }}"#, "a_b_c"),
        Case(#"{{ "web-01.example" | regexReplaceAll "^([a-z]+)-(\\d+).*" "$2:$1" }}"#, "01:web"),
        Case(
            #"{{ regexMatch "^v[0-9]+$" "v12" }} {{ "abc" | regexMatch "z" }} {{ regexMatch "b" "abc" }}"#,
            "true false true"),
        Case(#"{{ range loop 3 }}{{ . }}{{ end }} {{ range $i := loop 5 8 }}s{{ $i }} {{ end }}"#, "012 s5 s6 s7 "),
        Case(#"[{{ range loop 5 2 }}{{ . }}{{ end }}] {{ range loop "2" }}{{ . }}{{ end }}"#, "[] 01"),
        Case(#"{{ parseInt "-42" | add 2 }} {{ parseInt "" }} {{ parseUint "7" }}"#, "-40 0 7"),
        Case(#"{{ parseFloat "1.5" }} {{ parseFloat "1e6" }} {{ parseFloat "" }}"#, "1.5 1e+06 0"),
        Case(
            #"{{ parseBool "true" }} {{ parseBool "F" }} {{ parseBool "" }} {{ if parseBool "1" }}on{{ end }}"#,
            "true false false on"),
        // Go's interface{} decoding: every number a float64, null a nil.
        Case(
            #"{{ with parseJSON "{\"port\": 8080, \"big\": 12345678, \"list\": [1, \"a\", null]}" }}"#
                + #"{{ .port }} {{ .big }} {{ .list }}{{ end }}"#,
            "8080 1.2345678e+07 [1 a <nil>]"),
        Case(#"{{ len (parseJSON "") }}"#, "0"),
        Case(
            #"{{ add 1 2 }} {{ 10 | subtract 3 }} {{ multiply 4 2.5 }} {{ 10 | divide 4 }} {{ 10.0 | divide 4 }} "#
                + #"{{ 10 | modulo 4 }}"#,
            "3 7 10 2 2.5 2"),
        Case(#"{{ minimum 3 5 }} {{ maximum 3 5 }} {{ maximum 2 2.5 }}"#, "3 5 2.5"),
        Case(
            #"{{ in (split "," "a,b") "b" }} {{ in "haystack" "st" }} {{ in (split "," "1,2") 1 }}"#,
            "true true false"),
        Case(#"{{ split "," "a,b" | contains "a" }} {{ split "," "a,b" | contains "c" }}"#, "true false"),
        Case(
            #"{{ $have := split "," "a,b,c" }}{{ containsAll (split "," "a,b") $have }} "#
                + #"{{ containsAll (split "," "a,z") $have }}"#,
            "true false"),
        Case(
            #"{{ $have := split "," "a,b,c" }}{{ containsAny (split "," "z,b") $have }} "#
                + #"{{ containsAny (split "," "y,z") $have }}"#,
            "true false"),
        Case(
            #"{{ $have := split "," "a,b,c" }}{{ containsNone (split "," "y,z") $have }} "#
                + #"{{ containsNone (split "," "a,z") $have }}"#,
            "true false"),
        Case(
            #"{{ $have := split "," "a,b,c" }}{{ containsNotAll (split "," "a,z") $have }} "#
                + #"{{ containsNotAll (split "," "a,b") $have }}"#,
            "true false"),
        Case(#"{{ "line1\n\nline2" | indent 2 }}"#, "  line1\n\n  line2"),
        Case(#"{{ range loop "" 2 }}{{ . }}{{ end }}"#, "01"),
        Case(
            #"{{ base64Encode "pilot?>" }} {{ base64URLEncode "pilot?>" }} {{ base64Decode "cGlsb3Q/Pg==" }} "#
                + #"{{ base64URLDecode "cGlsb3Q_Pg==" }}"#,
            "cGlsb3Q/Pg== cGlsb3Q_Pg== pilot?> pilot?>"),
        Case(#"{{ splitToMap "," "=" "a=1,b=2=3,c" }}"#, "map[a:1 b:2=3]"),
        Case(#"{{ printf "%s:%d" "host" 80 }} {{ printf "%05.1f" 3.14159 }}"#, "host:80 003.1"),
        Case(#"{{ timestamp }}|{{ timestamp "unix" }}|{{ timestamp "2006-01-02 15:04:05" }}"#,
             "2026-11-29T23:56:04Z|1795996564|2026-11-29 23:56:04"),
        // Expectations from Go's time.Format of the same instant.
        Case(#"{{ timestamp "Mon Jan _2 3:4:5 PM MST 06 002 -0700 Z07:00 .000 .999 January Monday pm" }}"#,
             "Sun Nov 29 11:56:4 PM UTC 26 333 +0000 Z .000  November Sunday pm"),
        Case(#"{{ timestamp "Monthly 01/02" }}"#, "Monthly 11/29"),
    ])
    func rendersAsConsulTemplateDoes(_ golden: Case) throws {
        let text = try F.render(golden.source)
        #expect(text == golden.expected, "rendered \(text)")
    }

    /// Expectations from Go's `json.Marshal` and `json.MarshalIndent` of the same value (with Go 1.22's `\b`
    /// and `\f`, which consul-template's Go writes).
    @Test func toJSONWritesAsGosEncoder() throws {
        let document = #"""
            {"b": [1, 2.5, "x<y>&z", null, true], "a": {}, "e": [], "f": 1e21, "g": 1e-7, "h": 0.000001,
             "i": 100000000, "j": "\u2028\t\u0001\b\f\"\\"}
            """#
        let source = """
            {{ $v := env "DOCUMENT" | parseJSON }}{{ toJSON $v }}
            {{ toJSONPretty $v }}
            {{ toUnescapedJSON $v }}
            """
        let text = try F.render(source, environment: ["DOCUMENT": document])
        // Go's output, cut in two at a comma for the line length.
        #expect(text == #"""
            {"a":{},"b":[1,2.5,"x\u003cy\u003e\u0026z",null,true],"e":[],"f":1e+21,"g":1e-7,\#
            "h":0.000001,"i":100000000,"j":"\u2028\t\u0001\b\f\"\\"}
            {
              "a": {},
              "b": [
                1,
                2.5,
                "x\u003cy\u003e\u0026z",
                null,
                true
              ],
              "e": [],
              "f": 1e+21,
              "g": 1e-7,
              "h": 0.000001,
              "i": 100000000,
              "j": "\u2028\t\u0001\b\f\"\\"
            }
            {"a":{},"b":[1,2.5,"x<y>&z",null,true],"e":[],"f":1e+21,"g":1e-7,\#
            "h":0.000001,"i":100000000,"j":"\u2028\t\u0001\b\f\"\\"}
            """#)
    }

    @Test func toJSONOfATreeExplodedIsNestedObjects() throws {
        let pairs = [
            F.pair("config/", ""), F.pair("config/a/b", "1"), F.pair("config/a/c", "2"), F.pair("config/d", "x"),
        ]
        let answers: [TemplateQuery: QueryAnswer] = [.keyPrefix("config", datacenter: nil): .keyPairs(pairs)]
        #expect(
            try F.render(#"{{ tree "config" | explode | toJSON }}"#, answers) == #"{"a":{"b":"1","c":"2"},"d":"x"}"#)
        #expect(try F.render(#"{{ with tree "config" | explode }}{{ .a.b }}{{ end }}"#, answers) == "1")
    }

    @Test func explodeRefusesAKeyUnderAValue() throws {
        let pairs = [F.pair("c/a", "1"), F.pair("c/a/b", "2")]
        let outcome = try F.outcome(#"{{ tree "c" | explode }}"#, [.keyPrefix("c", datacenter: nil): .keyPairs(pairs)])
        let error = try #require(outcome.error)
        #expect(error.message.contains(#"function "explode": not a map: "a/b": "a" already has value "1""#), "\(error)")
    }

    @Test func byTagGroupsServicesByEachTagInTagOrder() throws {
        let source = """
            {{ range $tag, $services := service "web" | byTag }}{{ $tag }}:\
            {{ range $services }} {{ .ID }}{{ end }}
            {{ end }}
            """
        let text = try F.render(source, [F.service("web"): .services(F.web)])
        #expect(text == "blue: web-2\ngreen: web-1\nprod: web-1 web-2\n")
        let catalog: [TemplateQuery: QueryAnswer] = [
            .catalogServices(datacenter: nil): .catalogServices(["a": ["x"], "b": ["x", "y"]])
        ]
        let source2 = #"{{ range $t, $s := services | byTag }}{{ $t }}={{ len $s }} {{ end }}"#
        #expect(try F.render(source2, catalog) == "x=2 y=1 ")
    }

    @Test func byKeyGroupsPairsByTheirFirstSegment() throws {
        let pairs = [
            F.pair("groups/elastic/es1", "1"), F.pair("groups/elastic/es2", "2"), F.pair("groups/redis/r1/x", "3"),
            F.pair("groups/lonely", "4"),
        ]
        let source = """
            {{ range $group, $pairs := tree "groups" | byKey }}{{ $group }}:\
            {{ range $pairs }} {{ .Key }}={{ .Value }}{{ end }}
            {{ end }}
            """
        let text = try F.render(source, [.keyPrefix("groups", datacenter: nil): .keyPairs(pairs)])
        #expect(text == "elastic: es1=1 es2=2\nredis: r1/x=3\n")
    }

    @Test func containsTestsATagInAPipe() throws {
        let source = #"{{ range service "web" }}{{ if .Tags | contains "green" }}{{ .ID }}{{ end }}{{ end }}"#
        #expect(try F.render(source, [F.service("web"): .services(F.web)]) == "web-1")
    }
}
