import Foundation
import Testing
import TestSupport

/// Issue 11, defect 14: `/v3/status` tells the truth about Consul. A discovery-only agent used to report
/// Consul reachable during an outage, and the last error stayed after Consul was back.
@Suite(.serialized) struct StatusReachabilityTests {
    static func consulStatus(_ socket: String) throws -> [String: Any]? {
        let (status, body) = try UnixSocketHTTP.request(socket, "GET", "/v3/status")
        guard status == 200 else { return nil }
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return object?["consul"] as? [String: Any]
    }

    @Test func aDiscoveryOnlyAgentShowsConsulUnreachableDuringAnOutageAndClearsTheErrorAfter() async throws {
        try await withConsul(name: "status-reach") { consul, probe in
            try await probe.addInstance("db", id: "db-1", address: "192.0.2.1", port: 5432)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db"]}"#)
            let socket = directory.appending(path: "control.socket").path(percentEncoded: false)
            let pilot = try PilotAgent(
                environment: DiscoveryTests.environment(consul, directory: directory, extra: ["PILOT_CONTROL_SOCKET": socket]),
                directory: directory)
            try await pilot.waitForServicesFile("{\n  \"db\": [\"192.0.2.1:5432\"]\n}\n")
            #expect(try Self.consulStatus(socket)?["reachable"] as? Bool == true)

            consul.stop()
            let down = try await Polling.until("status to show Consul unreachable", timeout: .seconds(20)) {
                try Self.consulStatus(socket).flatMap { $0["reachable"] as? Bool == false ? $0 : nil }
            }
            #expect((down["lastError"] as? String)?.isEmpty == false, "\(down)")

            try await consul.start()
            let up = try await Polling.until("status to show Consul reachable again", timeout: .seconds(20)) {
                try Self.consulStatus(socket).flatMap { $0["reachable"] as? Bool == true ? $0 : nil }
            }
            #expect(up["lastError"] == nil || up["lastError"] is NSNull, "\(up)")
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }
}
