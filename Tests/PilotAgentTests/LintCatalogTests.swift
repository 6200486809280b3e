import ConsulAPI
import Foundation
import Testing
import TestSupport

/// `pilot lint --catalog`: the services registered in a live Consul count as known.
@Suite struct LintCatalogTests {
    static let example = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "examples/serviceDependencies.json").path(percentEncoded: false)

    @Test func referencedServicesMissingFromTheCatalogAreReported() async throws {
        try await withConsul(name: "lint-catalog") { consul, probe in
            for name in ["service2", "service3"] {
                try await probe.client.agent.register(AgentServiceRegistration(name: name, port: 80))
            }
            let lint = try PilotAgent(
                environment: [:], arguments: ["lint", "--catalog", "127.0.0.1:\(consul.ports.http)", Self.example],
                directory: try PilotAgent.workingDirectory())
            #expect(try await lint.waitForExit() == 1)
            #expect(lint.log.contains(#""service2" depends on "service4", which is neither declared nor known [missing]"#))
            #expect(!lint.log.contains(#""service3", which"#))
        }
    }

    @Test func unreachableCatalogIsAUsageError() async throws {
        let port = FreePorts.take(1)[0]
        let lint = try PilotAgent(
            environment: [:], arguments: ["lint", "--catalog", "127.0.0.1:\(port)", Self.example],
            directory: try PilotAgent.workingDirectory())
        #expect(try await lint.waitForExit() == 2)
        #expect(lint.log.contains("pilot lint: --catalog 127.0.0.1:\(port): "))
    }
}
