import Foundation
import Testing
import TestSupport

/// `GET /v3/status` (and `pilot status`) of a ContainerPilot configuration: its jobs, fed by the runners.
@Suite(.serialized) struct EngineStatusTests {
    @Test func statusListsEachJobWithItsStateProcessAndHealth() async throws {
        let directory = try PilotAgent.workingDirectory()
        let socket = directory.appending(path: "cp.sock").path
        try """
            {
              consul: "127.0.0.1:1",
              control: { socket: "\(socket)" },
              jobs: [
                { name: "app", exec: ["sleep", "3600"], health: { exec: "true", interval: 1, ttl: 5 } },
                { name: "later", exec: "true", when: { source: "app", once: "stopped" } },
              ],
            }
            """.write(to: directory.appending(path: "cp.json5"), atomically: true, encoding: .utf8)
        let pilot = try PilotAgent(environment: [:], arguments: ["-config", "cp.json5"], directory: directory)
        let body = try await Polling.until("app to be healthy", timeout: .seconds(10)) { () -> String? in
            guard let answer = try? UnixSocketHTTP.request(socket, "GET", "/v3/status"), answer.status == 200,
                answer.body.contains(#""health":"healthy""#)
            else { return nil }
            return answer.body
        }
        let status = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let jobs = try #require(status?["jobs"] as? [[String: Any]], "\(body)")
        #expect(jobs.map { $0["name"] as? String } == ["app", "later"])
        #expect(jobs[0]["state"] as? String == "running" && jobs[0]["pid"] as? Int != nil, "\(body)")
        #expect(jobs[1]["state"] as? String == "waiting" && jobs[1]["health"] as? String == "unknown", "\(body)")

        let table = try ProgramRun.run(PilotAgent.executable, ["status"], environment: ["PILOT_CONTROL_SOCKET": socket])
        #expect(table.standardOutput.contains("job app"), "\(table)")
        pilot.send(SIGTERM)
        #expect(try await pilot.waitForExit() == 0)
    }
}
