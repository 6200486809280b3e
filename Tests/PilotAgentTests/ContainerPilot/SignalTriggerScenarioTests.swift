import Foundation
import Testing
import TestSupport

/// ContainerPilot's `test_sighup` scenario: `SIGHUP` and `SIGUSR2` sent to the agent start the jobs whose `when`
/// names them as `source`, each time, and leave the app running and registered.
@Suite(.serialized) struct SignalTriggerScenarioTests {
    typealias Scenario = ContainerPilotScenario

    /// An app registered in Consul, and one job per signal appending the signal's name to `events`.
    private func writeConfiguration(_ scenario: Scenario) throws {
        let events = scenario.path("events")
        try scenario.writeConfiguration([
            "jobs": [
                [
                    "name": "app", "port": 8000, "interfaces": Scenario.loopback,
                    "exec": Scenario.shell("echo $$ > \(scenario.path("app.pid")); exec sleep 1000"),
                    "health": Scenario.passingHealth,
                ],
                [
                    "name": "on-sighup", "exec": Scenario.shell("echo hup >> \(events)"),
                    "when": ["source": "SIGHUP"],
                ],
                [
                    "name": "on-sigusr2", "exec": Scenario.shell("echo usr2 >> \(events)"),
                    "when": ["source": "SIGUSR2"],
                ],
            ]
        ])
    }

    @Test func sighupStartsItsJobEachTimeAndLeavesTheAppRunning() async throws {
        try await withContainerPilotScenario("cp-sighup") { scenario in
            try writeConfiguration(scenario)
            let pilot = try scenario.start()
            _ = try await scenario.waitForPassingInstance("app")
            let app = try await scenario.waitForPID("app.pid")

            pilot.send(SIGHUP)
            _ = try await scenario.waitForLines("events", count: 1)
            pilot.send(SIGHUP)
            let events = try await scenario.waitForLines("events", count: 2)
            #expect(events == ["hup", "hup"], "a signal source starts its job every time, and only its job")

            #expect(pilot.isRunning, "SIGHUP does not end pilot: \(pilot.log)")
            #expect(ProcessInspection.isAlive(app), "the app keeps running")
            #expect(try await scenario.instances("app").count == 1, "the app stays registered")
            #expect(try await scenario.terminate(pilot).status == 0)
        }
    }

    @Test func sigusr2StartsItsJobAndNotTheSighupOne() async throws {
        try await withContainerPilotScenario("cp-sigusr2") { scenario in
            try writeConfiguration(scenario)
            let pilot = try scenario.start()
            _ = try await scenario.waitForPassingInstance("app")
            let app = try await scenario.waitForPID("app.pid")

            pilot.send(SIGUSR2)
            let events = try await scenario.waitForLines("events", count: 1)
            #expect(events == ["usr2"])
            pilot.send(SIGHUP)
            #expect(try await scenario.waitForLines("events", count: 2) == ["usr2", "hup"])

            #expect(pilot.isRunning, "SIGUSR2 does not end pilot: \(pilot.log)")
            #expect(ProcessInspection.isAlive(app), "the app keeps running")
            #expect(try await scenario.instances("app").count == 1, "the app stays registered")
            #expect(try await scenario.terminate(pilot).status == 0)
        }
    }
}
