import ConsulAPI
import Foundation
import Testing
import TestSupport

/// Issue 11, defect 14: a `./ping` descendant that left the check's process group with `setsid` outlived
/// the check, one more on every run.
@Suite(.serialized) struct CheckEscapeTests {
    /// The managed service's own escapee, which must survive every sweep.
    private static let serviceEscapee = ["sleep", "3019"]

    @Test func pingDescendantsThatCalledSetsidAreKilledWhenThePingEnds() async throws {
        let escapee = ["sleep", "3017"]
        defer {
            ProcessInspection.killAll(running: escapee)
            ProcessInspection.killAll(running: Self.serviceEscapee)
        }
        try await withConsul(name: "setsid-end") { consul, probe in
            let directory = try PilotAgent.workingDirectory()
            var environment = HealthTests.environment(
                consul, name: "escape", command: "sh -c 'setsid sleep 3019 & exec sleep 1000'")
            environment["PILOT_PING"] = "sh -c 'if [ ! -f stop ]; then setsid sleep 3017 & echo x >> runs; fi; echo ok'"
            let pilot = try PilotAgent(
                environment: environment, arguments: ["run", "--check-interval", "200ms"], directory: directory)
            _ = try await probe.waitForStatus("escape", .passing)
            try await Self.waitForRuns(3, in: directory)
            PilotAgent.touch(directory.appending(path: "stop"))
            try await Self.expectNoneLeft(escapee, pilot: pilot)
            #expect(ProcessInspection.processes(running: Self.serviceEscapee).count == 1, "the service's own is kept")
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }

    @Test func pingDescendantsThatCalledSetsidAreKilledWhenThePingTimesOut() async throws {
        let escapee = ["sleep", "3018"]
        defer {
            ProcessInspection.killAll(running: escapee)
            ProcessInspection.killAll(running: Self.serviceEscapee)
        }
        try await withConsul(name: "setsid-timeout") { consul, probe in
            let directory = try PilotAgent.workingDirectory()
            var environment = HealthTests.environment(
                consul, name: "escape-timeout", command: "sh -c 'setsid sleep 3019 & exec sleep 1000'")
            environment["PILOT_PING"] = """
                sh -c 'if [ ! -f stop ]; then setsid sleep 3018 & echo x >> runs; sleep 30; fi; echo ok'
                """
            let pilot = try PilotAgent(
                environment: environment, arguments: ["run", "--check-interval", "500ms", "--check-timeout", "300ms"],
                directory: directory)
            _ = try await Polling.until("a timed-out ping to be reported") {
                try await probe.agentCheck("escape-timeout")?.output.contains("timed out") == true ? true : nil
            }
            try await Self.waitForRuns(2, in: directory)
            PilotAgent.touch(directory.appending(path: "stop"))
            _ = try await probe.waitForStatus("escape-timeout", .passing)
            try await Self.expectNoneLeft(escapee, pilot: pilot)
            #expect(ProcessInspection.processes(running: Self.serviceEscapee).count == 1, "the service's own is kept")
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }

    private static func waitForRuns(_ count: Int, in directory: URL) async throws {
        _ = try await Polling.until("\(count) ping runs") {
            let runs = (try? String(contentsOf: directory.appending(path: "runs"), encoding: .utf8)) ?? ""
            return runs.split(separator: "\n").count >= count ? true : nil
        }
    }

    /// Once the last run that started one has ended, no escapee may be left.
    private static func expectNoneLeft(_ escapee: [String], pilot: PilotAgent) async throws {
        let what = "every \(escapee.joined(separator: " ")) to be gone"
        let left = try? await Polling.until(what, timeout: .seconds(3)) {
            ProcessInspection.processes(running: escapee).isEmpty ? true : nil
        }
        #expect(left != nil, "left behind: \(ProcessInspection.processes(running: escapee)); log:\n\(pilot.log)")
    }
}
