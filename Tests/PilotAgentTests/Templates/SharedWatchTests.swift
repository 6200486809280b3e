import ConsulAPI
import Foundation
import Testing
import TestSupport

/// A template's `service "db"` and the dependency `db` are the same query: one long poll to Consul serves both.
@Suite(.serialized) struct SharedWatchTests {
    @Test func aTemplateAndADependencyOnTheSameServiceMakeOneLongPoll() async throws {
        try await withConsul(name: "tpl-shared") { consul, probe in
            try await probe.addInstance("db", id: "db-1", address: "192.0.2.1", port: 5432)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db"]}"#)
            try #"{{ range service "db" }}{{ .Address }} {{ end }}"#.write(
                to: directory.appending(path: "db.ctmpl"), atomically: true, encoding: .utf8)
            let socket = directory.appending(path: "control.socket").path(percentEncoded: false)
            let pilot = try PilotAgent(
                environment: DiscoveryTests.environment(
                    consul, directory: directory, extra: ["PILOT_CONTROL_SOCKET": socket]),
                arguments: ["run", "--template", "db.ctmpl:db.txt"], directory: directory)
            let rendered = directory.appending(path: "db.txt")
            func calls() throws -> Double {
                let samples = UnixSocketHTTP.samples(try UnixSocketHTTP.request(socket, "GET", "/metrics").body)
                let prefix = #"consul_requests_total{route="GET /v1/health/service/:name",status="200"}"#
                let sample = samples.first { $0.hasPrefix(prefix) }
                return sample.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
            }
            try await pilot.waitForServicesFile("{\n  \"db\": [\"192.0.2.1:5432\"]\n}\n")
            _ = try await Polling.until("the template rendered") { () -> Bool? in
                (try? String(contentsOf: rendered, encoding: .utf8)) == "192.0.2.1 " ? true : nil
            }
            let before = try calls()
            for index in 2...5 {
                try await probe.addInstance("db", id: "db-\(index)", address: "192.0.2.\(index)", port: 5432)
                _ = try await Polling.until("db-\(index) in both files") { () -> Bool? in
                    let text = try? String(contentsOf: rendered, encoding: .utf8)
                    let services = try? String(contentsOfFile: PilotAgent.servicesFile(in: directory), encoding: .utf8)
                    let inTemplate = text?.contains("192.0.2.\(index) ") == true
                    return inTemplate && services?.contains("192.0.2.\(index):") == true ? true : nil
                }
            }
            // Four changes: one answer each for one shared query (two separate queries would answer eight times).
            let answered = try calls() - before
            #expect(answered >= 4 && answered <= 5, "\(answered) answers for 4 changes")
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }
}
