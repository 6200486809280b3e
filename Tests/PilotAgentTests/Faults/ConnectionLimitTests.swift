import ConsulAPI
import Foundation
import Testing
import TestSupport

/// Issue 11, defect 10: Consul limits the connections of one client address (`limits.http_max_conns_per_client`,
/// 200 by default). With more watches than that, pilot must say so once, naming the limit, and its registration
/// and health updates must keep working: they do not share the fate of the watches.
@Suite(.serialized) struct ConnectionLimitTests {
    static let limit = 20
    static let dependencies = (1...30).map { String(format: "dep%02d", $0) }

    @Test func registrationAndChecksKeepWorkingWhenWatchesHitConsulsConnectionLimit() async throws {
        let config = "limits { http_max_conns_per_client = \(Self.limit) }"
        try await withConsulDevAgent(name: "conn-limit", extraConfig: config) { consul in
            let probe = try ConsulProbe(consul)
            defer { Task { await probe.shutdown() } }
            // The probe opens its one connection first and keeps it (it calls one at a time), so that the
            // limit leaves it room.
            _ = try await probe.instances("limited")

            let manifest = "{\"limited\": [\(Self.dependencies.map { "\"\($0)\"" }.joined(separator: ", "))]}"
            let directory = try PilotAgent.workingDirectory(
                dependencies: manifest, ping: "if [ -f sick ]; then echo sick; exit 1; fi; echo fine")
            let pilot = try PilotAgent(
                environment: [
                    "CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "SERVICE_NAME": "limited", "SERVICE_PORT": "80",
                    "SERVICE_INTERFACE": "static:127.0.0.1", "SERVICE_COMMAND": "sleep 1000",
                    "PILOT_SERVICES_FILE": PilotAgent.servicesFile(in: directory), "PILOT_STARTUP_DEADLINE": "1s",
                ],
                arguments: ["run", "--check-interval", "300ms"], directory: directory)

            _ = try await probe.waitForStatus("limited", .passing, timeout: .seconds(30))
            _ = try await Polling.until("pilot to name the limit; log:\n\(pilot.log)", timeout: .seconds(30)) {
                pilot.log.contains("limits.http_max_conns_per_client") ? true : nil
            }
            // The checks follow ./ping while watches are refused.
            PilotAgent.touch(directory.appending(path: "sick"))
            _ = try await probe.waitForStatus("limited", .critical, timeout: .seconds(10))
            try FileManager.default.removeItem(at: directory.appending(path: "sick"))
            _ = try await probe.waitForStatus("limited", .passing, timeout: .seconds(10))

            let mentions = pilot.log.components(separatedBy: "limits.http_max_conns_per_client").count - 1
            #expect(mentions == 1, "the limit is named once; log:\n\(pilot.log)")
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }
}
