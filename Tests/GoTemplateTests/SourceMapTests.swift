import GoTemplate
import Testing

/// A position in the rendered output traced back to the template source, so that a configuration's parse error
/// can be shown where the user wrote it.
@Suite struct SourceMapTests {
    static let source = """
        {
          name: "{{ .Name }}",
          {{- range .List }}
          tag: "{{ . }}",
          {{- end }}
          port: 80x
        }
        """

    @Test func tracesCopiedTextToTheSameCharacterInTheSource() throws {
        let rendered = try Template(name: "config.json5", source: Self.source).renderWithSourceMap(GoldenData.value)
        let lines = rendered.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[5] == "  port: 80x")
        // "x" at rendered line 6, column 11 was written at source line 6, column 11.
        #expect(try #require(rendered.sourceLocation(line: 6, column: 11)) == (6, 11))
        #expect(try #require(rendered.sourceLocation(line: 1, column: 1)) == (1, 1))
        #expect(rendered.templateName == "config.json5")
    }

    @Test func tracesPrintedTextToTheActionThatPrintedIt() throws {
        let rendered = try Template(name: "config.json5", source: Self.source).renderWithSourceMap(GoldenData.value)
        // `  name: "pilot",`: the "l" of pilot (column 12) was printed by the pipeline `.Name` at line 2, column 13.
        #expect(try #require(rendered.sourceLocation(line: 2, column: 12)) == (2, 13))
        // The third tag line repeats the range body; its comma is the one after `{{ . }}"` in the source.
        #expect(rendered.text.split(separator: "\n")[4] == #"  tag: "c","#)
        #expect(try #require(rendered.sourceLocation(line: 5, column: 11)) == (4, 17))
    }

    @Test func hasNoSourceForAPositionOutsideTheOutput() throws {
        let rendered = try Template(name: "t", source: "ab").renderWithSourceMap(.nil)
        #expect(rendered.sourceLocation(line: 2, column: 1) == nil)
        #expect(try #require(rendered.sourceLocation(line: 1, column: 3)) == (1, 3))
    }
}
