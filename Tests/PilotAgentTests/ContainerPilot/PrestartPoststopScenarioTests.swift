import Foundation
import Testing
import TestSupport

/// The pre-start and post-stop pattern of ContainerPilot's scenarios and docs: a `setup` job runs first and the
/// app starts on its `exitSuccess` (`when: {source: "setup", once: "exitSuccess"}`); jobs on the app's `stopping`
/// and `stopped` run around its end.
@Suite(.serialized) struct PrestartPoststopScenarioTests {
    typealias Scenario = ContainerPilotScenario

    /// A setup job exiting `status` after a moment, an app starting on its success, a job on its failure, and
    /// jobs on the app's `stopping` and `stopped`; all append to `events`.
    private func writeConfiguration(_ scenario: Scenario, setupStatus: Int) throws {
        let events = scenario.path("events")
        let app = """
            trap 'echo app-term >> \(events); exit 0' TERM
            echo app-start >> \(events)
            while :; do sleep 1 & wait $!; done
            """
        try scenario.writeConfiguration([
            "jobs": [
                // Written before the job it waits for: the order in the file does not matter.
                [
                    "name": "app", "port": 8000, "interfaces": Scenario.loopback, "exec": Scenario.shell(app),
                    "health": Scenario.passingHealth, "when": ["source": "setup", "once": "exitSuccess"],
                ],
                [
                    "name": "setup",
                    "exec": Scenario.shell("sleep 0.3; echo setup-done >> \(events); exit \(setupStatus)"),
                ],
                [
                    "name": "on-setup-failure", "exec": Scenario.shell("echo setup-failed >> \(events)"),
                    "when": ["source": "setup", "once": "exitFailed"],
                ],
                [
                    "name": "pre-stop", "exec": Scenario.shell("echo prestop >> \(events)"),
                    "when": ["source": "app", "once": "stopping"],
                ],
                [
                    "name": "post-stop", "exec": Scenario.shell("echo poststop >> \(events)"),
                    "when": ["source": "app", "once": "stopped"],
                ],
            ]
        ])
    }

    @Test func appStartsAfterSetupSucceededAndPrestopAndPoststopFrameItsEnd() async throws {
        try await withContainerPilotScenario("cp-prestart") { scenario in
            try writeConfiguration(scenario, setupStatus: 0)
            let pilot = try scenario.start()
            _ = try await scenario.waitForPassingInstance("app")
            #expect(scenario.events == ["setup-done", "app-start"], "the app waits for its setup")

            #expect(try await scenario.terminate(pilot).status == 0, "\(pilot.log)")
            #expect(
                scenario.events == ["setup-done", "app-start", "prestop", "app-term", "poststop"],
                "setup once, then the app, then the jobs on its stopping and stopped around its end")
            #expect(try await scenario.instances("app").isEmpty)
        }
    }

    @Test func appNeverStartsWhenSetupFails() async throws {
        try await withContainerPilotScenario("cp-prestart-failure") { scenario in
            try writeConfiguration(scenario, setupStatus: 1)
            let pilot = try scenario.start()
            // Every job hears setup's exit in the same order; once the job on exitFailed ran, the app has heard it
            // too. A moment more for an app that (wrongly) started to write its marker.
            try await scenario.waitForEvent("setup-failed")
            try await Task.sleep(for: .milliseconds(500))
            // Whether pilot then waits (as ContainerPilot does) or ends because nothing can start the app any more
            // is not documented; that the app never runs is.
            #expect(!scenario.events.contains("app-start"), "the app waits for a success only: \(scenario.events)")
            #expect(try await scenario.instances("app").isEmpty, "an app that never ran is not registered")
            if pilot.isRunning { #expect(try await scenario.terminate(pilot).status == 0) }
        }
    }

    @Test func jobWaitingWithATimeoutGivesUpWhenItsEventComesTooLate() async throws {
        // docs/30-configuration/34-jobs.md: `when.timeout` is how long to wait for the event before giving up.
        try await withContainerPilotScenario("cp-prestart-timeout") { scenario in
            let events = scenario.path("events")
            try scenario.writeConfiguration([
                "jobs": [
                    ["name": "setup", "exec": Scenario.shell("sleep 1.5; echo setup-done >> \(events)")],
                    [
                        "name": "impatient", "exec": Scenario.shell("echo impatient >> \(events)"),
                        "when": ["source": "setup", "once": "exitSuccess", "timeout": "500ms"],
                    ],
                    [
                        "name": "patient", "exec": Scenario.shell("echo patient >> \(events)"),
                        "when": ["source": "setup", "once": "exitSuccess", "timeout": "10s"],
                    ],
                    ["name": "app", "exec": ["sleep", "1000"]],
                ]
            ])
            let pilot = try scenario.start()
            try await scenario.waitForEvent("patient", timeout: .seconds(10))
            // Both heard setup's exit in the same order; the patient one has run, so the impatient one has decided.
            try await Task.sleep(for: .milliseconds(300))
            #expect(scenario.events == ["setup-done", "patient"], "the impatient job gave up at 500 ms")
            #expect(try await scenario.terminate(pilot).status == 0)
        }
    }
}
