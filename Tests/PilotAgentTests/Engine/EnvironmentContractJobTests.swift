import ConsulAPI
import Foundation
import Testing
import TestSupport

/// The environment contract runs on the engine: its application is an engine job whose health check is the
/// job's own, so `/v3/status` shows the job's health following `./ping` and maintenance, as it does for a
/// ContainerPilot job.
@Suite(.serialized) struct EnvironmentContractJobTests {
    static func job(_ socket: String, _ name: String) throws -> [String: Any]? {
        let (_, body) = try UnixSocketHTTP.request(socket, "GET", "/v3/status")
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let jobs = object?["jobs"] as? [[String: Any]] ?? []
        return jobs.first { $0["name"] as? String == name }
    }

    static func waitForJob(_ socket: String, health: String) async throws -> [String: Any] {
        try await Polling.until("job main \(health) in /v3/status") { () -> [String: Any]? in
            let job = try Self.job(socket, "main")
            return job?["health"] as? String == health ? job : nil
        }
    }

    @Test func theApplicationsHealthCheckIsItsEngineJobsCheck() async throws {
        try await withConsul(name: "env-job") { consul, probe in
            let directory = try PilotAgent.workingDirectory(
                ping: "if [ -f sick ]; then echo sick; exit 1; fi; echo fine")
            let (pilot, socket) = try ControlSocketTests.start(
                consul, directory: directory, extra: ["SERVICE_COMMAND": "sleep 1000"],
                arguments: ["--check-interval", "300ms"])
            try await ControlSocketTests.waitForSocket(socket)

            let healthy = try await Self.waitForJob(socket, health: "healthy")
            #expect(healthy["state"] as? String == "running")
            #expect(healthy["pid"] as? Int != nil)
            _ = try await probe.waitForStatus("main", .passing)

            PilotAgent.touch(directory.appending(path: "sick"))
            _ = try await Self.waitForJob(socket, health: "unhealthy")
            #expect(try await probe.waitForStatus("main", .critical).output.hasPrefix("sick\n"))

            let on = try UnixSocketHTTP.request(socket, "POST", "/v3/maintenance/enable", body: #"{"reason":"deploy"}"#)
            #expect(on.status == 200, "\(on)")
            _ = try await Self.waitForJob(socket, health: "maintenance")
            try FileManager.default.removeItem(at: directory.appending(path: "sick"))
            let off = try UnixSocketHTTP.request(socket, "POST", "/v3/maintenance/disable", body: "{}")
            #expect(off.status == 200, "\(off)")
            _ = try await Self.waitForJob(socket, health: "healthy")
            #expect(try await probe.waitForStatus("main", .passing).output == "fine\n")

            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }
}
