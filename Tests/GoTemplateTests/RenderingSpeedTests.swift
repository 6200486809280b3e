import GoTemplate
import Testing

/// Rendering is linear in the template's size: a configuration-sized template with thousands of actions renders
/// in a few milliseconds even in a debug build.
@Suite struct RenderingSpeedTests {
    @Test func rendersAHundredKilobyteTemplateWithThousandsOfActionsWellUnderFiftyMilliseconds() throws {
        var source = ""
        var block = 0
        while source.utf8.count < 100_000 {
            source += """
                {{- /* block \(block) */ -}}
                {
                  name: "{{ .Name }}-\(block)",
                  port: {{ .Count | printf "%d" }},
                  tags: [{{ range $i, $e := .List }}{{ if $i }}, {{ end }}"{{ $e }}"{{ end }}],
                  enabled: {{ if and .True (gt .Count 1) }}true{{ else }}false{{ end }},
                  padding: "lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor",
                },

                """
            block += 1
        }
        let template = try Template(name: "big", source: source)
        _ = try template.render(GoldenData.value)  // warm up
        let clock = ContinuousClock()
        var output = ""
        let elapsed = try clock.measure { output = try template.render(GoldenData.value) }
        let parsing = try clock.measure { _ = try Template(name: "big", source: source) }
        let actions = source.split(separator: "{{", omittingEmptySubsequences: false).count - 1
        print("rendered \(source.utf8.count) bytes, \(actions) actions in \(elapsed); parsed in \(parsing)")
        #expect(output.contains(#"name: "pilot-0""#))
        #expect(actions > 2_000)
        #expect(elapsed < .milliseconds(50))
    }
}
