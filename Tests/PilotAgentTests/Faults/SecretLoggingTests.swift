import ConsulAPI
import Foundation
import Testing
import TestSupport

/// Issue 11, defect 5: no secret in any log line, at any level, in any format. swift-service-lifecycle
/// logs every service's description at debug level, and the job supervisor's used to carry pilot's whole
/// environment, ACL token included.
@Suite(.serialized) struct SecretLoggingTests {
    static let secret = "5f1d7c2e-pilot-secret-token-9a41"

    @Test(arguments: ["text", "json"], ["trace", "debug"])
    func theAclTokenAppearsInNoLogLine(format: String, level: String) async throws {
        try await withConsul(name: "secret-\(format)") { consul, probe in
            try await probe.addInstance("db", id: "db-1", address: "192.0.2.1", port: 5432)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db"]}"#, ping: "exit 0")
            let pilot = try PilotAgent(
                environment: DiscoveryTests.environment(consul, directory: directory, extra: [
                    "CONSUL_HTTP_TOKEN": Self.secret, "LOG_LEVEL": level, "LOG_FORMAT": format,
                    "SERVICE_PORT": "80", "SERVICE_INTERFACE": "static:127.0.0.1", "HOSTNAME": "s1",
                    "SERVICE_COMMAND": "sleep 1000",
                ]),
                directory: directory)
            _ = try await probe.waitForStatus("main", .passing)
            try await probe.addInstance("db", id: "db-2", address: "192.0.2.2", port: 5432)
            try await pilot.waitForServicesFile("{\n  \"db\": [\"192.0.2.1:5432\", \"192.0.2.2:5432\"]\n}\n")
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
            let lines = pilot.log.split(separator: "\n")
            #expect(lines.count > 10, "a \(level) run logs plenty:\n\(pilot.log)")
            let leaking = lines.filter { $0.contains(Self.secret) }
            #expect(leaking.isEmpty, "lines with the token:\n\(leaking.joined(separator: "\n"))")
        }
    }
}
