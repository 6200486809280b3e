import Foundation
import Testing
import TestSupport

/// ContainerPilot's `test_envvars` scenario: jobs see `CONTAINERPILOT_PID`, `CONTAINERPILOT_<JOB>_IP` of the jobs
/// that register and `CONTAINERPILOT_<JOB>_PID` of the jobs running (job name upper-cased, `-` as `_`; a job's own
/// PID is `$$`, ContainerPilot sets it only after the start); and what `-putenv` sets reaches the processes started
/// afterwards.
@Suite(.serialized) struct EnvironmentScenarioTests {
    typealias Scenario = ContainerPilotScenario

    /// The variables in an `env` dump.
    private func variables(_ scenario: Scenario, _ name: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in scenario.lines(name) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            result[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return result
    }

    /// A script that dumps its environment into `name`, whole or not at all.
    private func dump(_ scenario: Scenario, _ name: String) -> String {
        "env > \(scenario.path(name)).tmp && mv \(scenario.path(name)).tmp \(scenario.path(name))"
    }

    @Test func jobsSeePilotsPIDAndTheJobsAddressesAndPIDs() async throws {
        try await withContainerPilotScenario("cp-envvars") { scenario in
            // As ContainerPilot's test: the reporting job starts once the long-running one is healthy, so both run.
            try scenario.writeConfiguration([
                "jobs": [
                    [
                        "name": "web-app", "port": 8000, "interfaces": Scenario.loopback,
                        "exec": Scenario.shell("echo $$ > \(scenario.path("web-app.pid")); exec sleep 1000"),
                        "health": Scenario.passingHealth,
                    ],
                    [
                        "name": "env-report", "port": 8500, "interfaces": Scenario.loopback,
                        "exec": Scenario.shell(dump(scenario, "env")),
                        "health": ["exec": "true", "interval": 10, "ttl": 25],
                        "when": ["source": "web-app", "once": "healthy"],
                    ],
                ]
            ])
            let pilot = try scenario.start()
            let app = try await scenario.waitForPID("web-app.pid")
            _ = try await scenario.waitForLines("env", count: 1)
            let environment = variables(scenario, "env")

            #expect(environment["CONTAINERPILOT_PID"] == "\(pilot.pid)", "\(environment)")
            #expect(environment["CONTAINERPILOT_WEB_APP_PID"] == "\(app)", "another job's PID: \(environment)")
            #expect(environment["CONTAINERPILOT_WEB_APP_IP"] == "127.0.0.1", "\(environment)")
            #expect(environment["CONTAINERPILOT_ENV_REPORT_IP"] == "127.0.0.1", "\(environment)")
            #expect(try await scenario.terminate(pilot).status == 0)
        }
    }

    @Test func pilotsEnvironmentAndPutenvValuesReachJobsStartedAfterwards() async throws {
        try await withContainerPilotScenario("cp-envvars-putenv") { scenario in
            try scenario.writeConfiguration([
                "jobs": [
                    ["name": "app", "exec": ["sleep", "1000"]],
                    ["name": "dump", "exec": Scenario.shell(dump(scenario, "env")), "when": ["source": "SIGHUP"]],
                ]
            ])
            let pilot = try scenario.start(environment: ["FROM_THE_CONTAINER": "kept"])
            let ping = try await Polling.until("the control socket to answer") { () -> Bool? in
                try UnixSocketHTTP.request(scenario.socket, "GET", "/v3/ping").status == 200 ? true : nil
            }
            #expect(ping)

            // As a job would call it: ContainerPilot's command, the value containing "=" kept whole.
            let putenv = try await ContainerPilotControlTests.pilot(
                ["-config", scenario.configurationFile.path(percentEncoded: false), "-putenv", "GREETING=a=b"],
                in: scenario.directory)
            #expect(putenv.status == 0, "\(putenv.log)")
            pilot.send(SIGHUP)
            _ = try await scenario.waitForLines("env", count: 1)
            let environment = variables(scenario, "env")
            #expect(environment["GREETING"] == "a=b", "\(environment)")
            #expect(environment["FROM_THE_CONTAINER"] == "kept", "\(environment)")
            #expect(environment["CONTAINERPILOT_PID"] == "\(pilot.pid)", "\(environment)")
            #expect(try await scenario.terminate(pilot).status == 0)
        }
    }
}
