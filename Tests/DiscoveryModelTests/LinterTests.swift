import DiscoveryModel
import Testing

@Suite struct LinterTests {
    func lint(_ fixture: String, options: LintOptions = LintOptions()) throws -> [Diagnostic] {
        Linter(options: options).lint(try Fixture.manifest(fixture))
    }

    func summary(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.location.line):\($0.location.column) \($0.severity.rawValue) \($0.rule.rawValue): \($0.message)" }
    }

    @Test func briefExampleIsCleanByDefault() throws {
        #expect(try lint("briefExampleWithTrailingCommaParses.json").isEmpty)
    }

    @Test func strictReportsEveryUndeclaredLeaf() throws {
        let diagnostics = try lint("briefExampleWithTrailingCommaParses.json", options: LintOptions(strict: true))
        #expect(summary(diagnostics) == [
            "2:28 error missing: \"service1\" depends on \"service3\", which is not declared; declare it, as \"service3\": [] if it depends on nothing",
            "3:16 error missing: \"service2\" depends on \"service4\", which is not declared; declare it, as \"service4\": [] if it depends on nothing",
        ])
    }

    @Test func strictAcceptsEveryServiceDeclared() throws {
        #expect(try lint("strictAcceptsEveryServiceDeclared.json", options: LintOptions(strict: true)).isEmpty)
    }

    @Test func knownListMarksNamesThatExistNowhere() throws {
        let known = try KnownServices.load(contentsOfFile: Fixture.path("known-services.txt"))
        #expect(known == ["service2", "service3"])
        let diagnostics = try lint("briefExampleWithTrailingCommaParses.json", options: LintOptions(knownServices: known))
        #expect(summary(diagnostics) == [
            "3:16 error missing: \"service2\" depends on \"service4\", which is neither declared nor known"
        ])
    }

    @Test func knownListMayBeAJSONArray() throws {
        let known = try KnownServices.parse(SourceText(path: "known.json", text: #"["a", "b",]"#))
        #expect(known == ["a", "b"])
        #expect(throws: DependencyFileError.self) {
            try KnownServices.parse(SourceText(path: "known.json", text: #"["a", 1]"#))
        }
    }

    @Test func cycleOfThreeIsReportedAsAPath() throws {
        #expect(summary(try lint("cycleOfThreeIsReportedAsAPath.json")) == ["2:9 error cycle: dependency cycle: a -> b -> c -> a"])
    }

    @Test func selfDependencyIsACycle() throws {
        #expect(summary(try lint("selfDependencyIsACycle.json")) == ["2:9 error cycle: \"a\" depends on itself: a -> a"])
    }

    @Test func disjointCyclesAreEachReportedOnce() throws {
        #expect(summary(try lint("disjointCyclesAreEachReportedOnce.json")) == [
            "2:9 error cycle: dependency cycle: a -> b -> a",
            "3:9 error cycle: dependency cycle: c -> d -> e -> c",
            "4:9 error cycle: \"f\" depends on itself: f -> f",
        ])
    }

    @Test func duplicateKeyIsReportedAtTheSecondKey() throws {
        #expect(summary(try lint("duplicateKeyIsReportedAtTheSecondKey.json")) == [
            "3:3 error duplicate-key: \"service1\" is declared more than once (first at line 2, column 3); JSON readers keep only one of the lists"
        ])
    }

    @Test func duplicateEntryIsAWarning() throws {
        #expect(summary(try lint("duplicateEntryIsAWarning.json")) == [
            "2:40 warning duplicate-entry: \"service1\" lists \"service2\" more than once"
        ])
    }

    @Test func invalidNamesAreReportedWithTheirReason() throws {
        #expect(summary(try lint("invalidNamesAreReportedWithTheirReason.json")) == [
            "2:3 error invalid-name: invalid service name \"web_front\": '_' is not allowed; use letters, digits and hyphens (an RFC 1123 DNS label)",
            "3:11 error invalid-name: invalid service name \"\": a service name cannot be empty",
            "3:15 error invalid-name: invalid service name \"-db\": a service name cannot start or end with a hyphen",
            "3:22 error invalid-name: invalid service name \"a-very-long-service-name-that-goes-on-and-on-past-the-dns-label-limit\": 69 characters is too long; a DNS label holds at most 63",
        ])
    }

    @Test func serviceNameRuleFollowsRFC1123() {
        #expect(ServiceName.isValid("api"))
        #expect(ServiceName.isValid("API-2"))
        #expect(ServiceName.isValid("3com"))
        #expect(ServiceName.isValid(String(repeating: "a", count: 63)))
        #expect(!ServiceName.isValid(String(repeating: "a", count: 64)))
        #expect(!ServiceName.isValid("api-"))
        #expect(!ServiceName.isValid("my.service"))
        #expect(!ServiceName.isValid("my service"))
        #expect(!ServiceName.isValid("caf\u{e9}"))
    }

    @Test func everyRuleHasAnIdAndASeverity() {
        #expect(LintRule.allCases.map(\.rawValue) == ["cycle", "missing", "invalid-name", "duplicate-entry", "duplicate-key"])
        #expect(LintRule.duplicateEntry.severity == .warning)
        #expect(LintRule.allCases.filter { $0.severity == .error }.count == 4)
    }
}
