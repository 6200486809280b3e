import DiscoveryModel
import Testing

/// Issue 11, defect 12: every finding on one line used to rescan that line for its column, so lint took
/// time quadratic in the findings (20 s for 50,000 duplicate keys in a release build; minutes in a debug one).
@Suite struct OneLineLintTests {
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = (ContinuousClock.now - start).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    }

    @Test(.timeLimit(.minutes(1)))
    func fiftyThousandDuplicateKeysOnOneLineLintInLinearTime() throws {
        let text = "{" + Array(repeating: #""a":[]"#, count: 50_001).joined(separator: ",") + "}"
        var diagnostics: [Diagnostic] = []
        let elapsed = try Self.seconds {
            diagnostics = Linter().lint(try DependencyManifest(text: text))
        }
        #expect(diagnostics.count == 50_000)
        #expect(diagnostics.last?.location.column == text.utf8.count - 6)
        // A generous bound for a debug build on a busy machine; the quadratic code needed minutes.
        #expect(elapsed < 3, "took \(elapsed) s")
    }

    @Test(.timeLimit(.minutes(1)))
    func fortyThousandMissingReferencesOnOneLineLintInLinearTime() throws {
        let text = #"{"a":["# + (0..<40_000).map { "\"m\($0)\"" }.joined(separator: ",") + "]}"
        var diagnostics: [Diagnostic] = []
        let elapsed = try Self.seconds {
            diagnostics = Linter(options: LintOptions(strict: true)).lint(try DependencyManifest(text: text))
        }
        #expect(diagnostics.count == 40_000)
        #expect(diagnostics.allSatisfy { $0.rule == .missing && $0.location.line == 1 })
        #expect(elapsed < 3, "took \(elapsed) s")
    }
}
