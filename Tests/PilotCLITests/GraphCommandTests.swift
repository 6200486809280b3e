import Foundation
import Testing
import TestSupport

@Suite struct GraphCommandTests {
    @Test func drawsTheExampleAsDot() throws {
        let result = try PilotProcess.run(["graph", "examples/serviceDependencies.json"], in: LintCommandTests.packageRoot)
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("digraph dependencies {\n"))
        #expect(result.standardOutput.contains("  \"service1\" -> \"service2\";\n"))
        #expect(result.standardOutput.contains("  \"service4\" [style=dashed];\n"))
    }

    @Test func drawsOneServicesSubtreeAsMermaid() throws {
        let result = try PilotProcess.run(
            ["graph", "--format", "mermaid", "--service", "service2", "examples/serviceDependencies.json"],
            in: LintCommandTests.packageRoot)
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("flowchart LR\n"))
        #expect(result.standardOutput.contains("[\"service4\"]"))
        #expect(!result.standardOutput.contains("service1"))
    }

    @Test func highlightsCycles() throws {
        let result = try PilotProcess.run(["graph", PilotProcess.fixture("lintExitsOneOnErrors.json")])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("\"c\" -> \"a\" [color=red, penwidth=2];"))
        #expect(result.standardOutput.contains("\"c\" -> \"c_d\";"))
    }

    @Test func unknownServiceIsAUsageError() throws {
        let result = try PilotProcess.run(["graph", "--service", "nope", "examples/serviceDependencies.json"], in: LintCommandTests.packageRoot)
        #expect(result.status == 2)
        #expect(result.standardError.contains("--service \"nope\" is not in examples/serviceDependencies.json; it declares: service1, service2"))
    }

    @Test func malformedFileIsAUsageErrorNamingThePlace() throws {
        let file = PilotProcess.fixture("lintExitsTwoOnMalformedInput.json")
        let result = try PilotProcess.run(["graph", file])
        #expect(result.status == 2)
        #expect(result.standardError.contains("\(file):4:15: \"service3\": expected an array of service names, found a number"))
    }
}
