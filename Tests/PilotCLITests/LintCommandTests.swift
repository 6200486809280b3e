import Foundation
import Testing
import TestSupport

@Suite struct LintCommandTests {
    @Test func briefExampleLintsCleanAndExitsZero() throws {
        let result = try PilotProcess.run(["lint", "examples/serviceDependencies.json"], in: Self.packageRoot)
        #expect(result.status == 0)
        #expect(result.standardOutput == "1 file checked: no problems\n")
    }

    @Test func lintReadsServiceDependenciesJSONInTheWorkingDirectoryByDefault() throws {
        let directory = try Self.temporaryDirectory()
        try #"{"a": ["a"]}"#.write(to: directory.appending(path: "serviceDependencies.json"), atomically: true, encoding: .utf8)
        let result = try PilotProcess.run(["lint"], in: directory)
        #expect(result.status == 1)
        #expect(result.standardOutput.hasPrefix("serviceDependencies.json:1:8: error: \"a\" depends on itself: a -> a [cycle]\n"))
    }

    @Test func lintExitsOneOnErrors() throws {
        let file = PilotProcess.fixture("lintExitsOneOnErrors.json")
        let result = try PilotProcess.run(["lint", file])
        #expect(result.status == 1)
        #expect(result.standardOutput == """
            \(file):2:9: error: dependency cycle: a -> b -> c -> a [cycle]
            \(file):4:14: error: invalid service name "c_d": '_' is not allowed; use letters, digits and hyphens (an RFC 1123 DNS label) [invalid-name]
            2 errors (1 file checked)

            """)
    }

    @Test func lintExitsTwoOnMalformedInput() throws {
        let file = PilotProcess.fixture("lintExitsTwoOnMalformedInput.json")
        let result = try PilotProcess.run(["lint", file])
        #expect(result.status == 2)
        #expect(result.standardOutput.hasPrefix(
            "\(file):4:15: error: \"service3\": expected an array of service names, found a number\n"))
    }

    @Test func malformedInputWinsOverLintErrorsInTheExitCode() throws {
        let result = try PilotProcess.run([
            "lint", PilotProcess.fixture("lintExitsOneOnErrors.json"), PilotProcess.fixture("lintExitsTwoOnMalformedInput.json"),
        ])
        #expect(result.status == 2)
        #expect(result.standardOutput.hasSuffix("1 unreadable or malformed file, 2 errors (2 files checked)\n"))
    }

    @Test func missingFileExitsTwoAndNamesIt() throws {
        let result = try PilotProcess.run(["lint", "/nonexistent/serviceDependencies.json"])
        #expect(result.status == 2)
        #expect(result.standardOutput.hasPrefix("/nonexistent/serviceDependencies.json: error: cannot read the file: no such file\n"))
    }

    /// Issue 11, defect 11: a directory used to print a dump of nested Foundation error dictionaries.
    @Test func directoryExitsTwoWithOneLineNamingIt() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appending(path: "dir"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: directory.appending(path: "link.json").path(percentEncoded: false), withDestinationPath: "dir")
        let result = try PilotProcess.run(["lint", "dir/", "link.json"], in: directory)
        #expect(result.status == 2)
        #expect(result.standardOutput == """
            dir/: error: is a directory, not a dependency file
            link.json: error: is a directory, not a dependency file
            2 unreadable or malformed files (2 files checked)

            """)
        #expect(result.standardError.isEmpty)
    }

    @Test func warningsAloneExitZero() throws {
        let result = try PilotProcess.run(["lint", PilotProcess.fixture("warningsAloneExitZero.json")])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("warning: \"web\" lists \"api\" more than once [duplicate-entry]"))
    }

    @Test func strictFlagMakesUndeclaredLeavesErrors() throws {
        let result = try PilotProcess.run(["lint", "--strict", "examples/serviceDependencies.json"], in: Self.packageRoot)
        #expect(result.status == 1)
        #expect(result.standardOutput.components(separatedBy: "[missing]").count - 1 == 2)
    }

    @Test func knownFileMarksOnlyUnknownLeaves() throws {
        let directory = try Self.temporaryDirectory()
        let known = directory.appending(path: "known.txt")
        try "service3\n".write(to: known, atomically: true, encoding: .utf8)
        let result = try PilotProcess.run(
            ["lint", "--known", known.path(percentEncoded: false), "examples/serviceDependencies.json"], in: Self.packageRoot)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("\"service4\", which is neither declared nor known [missing]"))
        #expect(!result.standardOutput.contains("\"service3\""))
    }

    @Test func unreadableKnownFileIsAUsageError() throws {
        let result = try PilotProcess.run(["lint", "--known", "/nonexistent", "examples/serviceDependencies.json"], in: Self.packageRoot)
        #expect(result.status == 2)
        #expect(result.standardError.contains("--known /nonexistent"))
    }

    @Test func githubFormatPrintsWorkflowAnnotations() throws {
        let file = PilotProcess.fixture("lintExitsOneOnErrors.json")
        let result = try PilotProcess.run(["lint", "--format", "github", file])
        #expect(result.status == 1)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.first == "::error file=\(file),line=2,col=9,title=pilot lint (cycle)::dependency cycle: a -> b -> c -> a")
        #expect(lines.count == 3)
    }

    @Test func jsonFormatIsParseableAndCounts() throws {
        let result = try PilotProcess.run([
            "lint", "--format", "json", PilotProcess.fixture("lintExitsOneOnErrors.json"),
            PilotProcess.fixture("warningsAloneExitZero.json"),
        ])
        #expect(result.status == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 2)
        #expect(object["warnings"] as? Int == 1)
        #expect(object["files"] as? Int == 2)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.map { $0["rule"] as? String } == ["cycle", "invalid-name", "duplicate-entry"])
        #expect(findings.first?["line"] as? Int == 2)
        #expect(findings.first?["column"] as? Int == 9)
    }

    @Test func unknownOptionIsAUsageErrorWithExitTwo() throws {
        let result = try PilotProcess.run(["lint", "--bogus"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("Unknown option '--bogus'"))
    }

    @Test func badFormatValueIsAUsageErrorWithExitTwo() throws {
        let result = try PilotProcess.run(["lint", "--format", "xml"])
        #expect(result.status == 2)
    }

    @Test func helpExplainsEveryOption() throws {
        let result = try PilotProcess.run(["lint", "--help"])
        #expect(result.status == 0)
        for option in ["--strict", "--known", "--format", "<files>", "Exit codes"] {
            #expect(result.standardOutput.contains(option), "help lacks \(option)")
        }
    }

    static let packageRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "pilot-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
