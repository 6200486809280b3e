import Foundation
import Testing
import TestSupport

/// ContainerPilot's `test_sigterm` scenario: a container stopped with `SIGTERM` stops its jobs, deregisters its
/// services and runs the jobs waiting on `stopping` and `stopped`. Where ContainerPilot's binary differs from its
/// docs (it waits ~5 s more before exiting, ignores `stopTimeout`, publishes `stopped` before the process is gone),
/// these tests hold pilot to the docs.
@Suite(.serialized) struct SigtermScenarioTests {
    typealias Scenario = ContainerPilotScenario

    @Test func sigtermEndsTwoJobsThatExitAtOnceWithinTwoSeconds() async throws {
        try await withContainerPilotScenario("cp-sigterm-fast") { scenario in
            try scenario.writeConfiguration([
                "jobs": [
                    [
                        "name": "app", "port": 8000, "interfaces": Scenario.loopback, "exec": ["sleep", "1000"],
                        "health": Scenario.passingHealth,
                    ],
                    [
                        "name": "worker",
                        "exec": Scenario.shell("echo worker-start >> \(scenario.path("events")); exec sleep 1000"),
                    ],
                ]
            ])
            let pilot = try scenario.start()
            _ = try await scenario.waitForPassingInstance("app")
            try await scenario.waitForEvent("worker-start")

            let (status, elapsed) = try await scenario.terminate(pilot)
            print("SIGTERM to exit, two jobs that exit at once: \(String(format: "%.3f", elapsed.inSeconds)) s")
            #expect(status == 0, "\(pilot.log)")
            #expect(elapsed < .seconds(2), "ContainerPilot takes ~5 s; pilot should take the jobs' own time")
            #expect(try await scenario.instances("app").isEmpty, "deregistered on the way out")
        }
    }

    @Test func appIsDeregisteredBeforeItGetsSigtermAndPoststopRunsAfterItExited() async throws {
        try await withContainerPilotScenario("cp-sigterm-order") { scenario in
            let events = scenario.path("events")
            // On SIGTERM the app first asks Consul's catalog about itself (what other containers see), then takes
            // a moment to exit, so that a `stopped` published before the real exit would show in the order.
            let app = """
                trap 'curl -s --max-time 5 http://\(scenario.consulAddress)/v1/catalog/service/app \
                > \(scenario.path("catalog-at-term")); echo app-term >> \(events); sleep 0.3; \
                echo app-exit >> \(events); exit 0' TERM
                echo app-start >> \(events)
                while :; do sleep 1 & wait $!; done
                """
            try scenario.writeConfiguration([
                "jobs": [
                    [
                        "name": "app", "port": 8000, "interfaces": Scenario.loopback, "exec": Scenario.shell(app),
                        "health": Scenario.passingHealth, "stopTimeout": "5s",
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
            let pilot = try scenario.start()
            _ = try await scenario.waitForPassingInstance("app")
            try await scenario.waitForEvent("app-start")

            let (status, elapsed) = try await scenario.terminate(pilot)
            print("SIGTERM to exit, app taking 0.3 s to exit plus pre-stop and post-stop jobs: "
                + String(format: "%.3f", elapsed.inSeconds) + " s")
            #expect(status == 0, "\(pilot.log)")
            let order = scenario.events
            #expect(order.contains("prestop"), "the job on app's stopping ran: \(order)")
            let exit = try #require(order.firstIndex(of: "app-exit"), "the app exited through its trap: \(order)")
            let poststop = try #require(order.firstIndex(of: "poststop"), "the job on app's stopped ran: \(order)")
            #expect(poststop > exit, "stopped is published once the app's process has really exited: \(order)")
            let catalog = try String(contentsOfFile: scenario.path("catalog-at-term"), encoding: .utf8)
            #expect(
                catalog.trimmingCharacters(in: .whitespacesAndNewlines) == "[]",
                "when the app got SIGTERM, Consul still listed it:\n\(catalog)")
            #expect(try await scenario.instances("app").isEmpty)
        }
    }

    @Test func jobOnStoppingFinishesWhileTheAppStillRunsBeforeTheAppIsSignalled() async throws {
        // docs/30-configuration/34-jobs.md, stopTimeout: a stopping job waits (at most its stopTimeout) for the jobs
        // that react to its `stopping`, so that e.g. `consul leave` runs while the agent still runs.
        try await withContainerPilotScenario("cp-sigterm-prestop") { scenario in
            let events = scenario.path("events")
            let pidFile = scenario.path("app.pid")
            let app = """
                trap 'echo app-term >> \(events); exit 0' TERM
                echo $$ > \(pidFile)
                while :; do sleep 1 & wait $!; done
                """
            let leave = """
                sleep 0.5
                if kill -0 "$(cat \(pidFile))"; then echo prestop-saw-app-running >> \(events); fi
                echo prestop-done >> \(events)
                """
            try scenario.writeConfiguration([
                "jobs": [
                    ["name": "app", "exec": Scenario.shell(app), "stopTimeout": "5s"],
                    [
                        "name": "leave", "exec": Scenario.shell(leave),
                        "when": ["source": "app", "once": "stopping"],
                    ],
                ]
            ])
            let pilot = try scenario.start()
            _ = try await scenario.waitForPID("app.pid")

            let (status, elapsed) = try await scenario.terminate(pilot)
            print("SIGTERM to exit, app with a 0.5 s pre-stop job: \(String(format: "%.3f", elapsed.inSeconds)) s")
            #expect(status == 0, "\(pilot.log)")
            let order = scenario.events
            #expect(order.contains("prestop-saw-app-running"), "the pre-stop job ran while the app ran: \(order)")
            let done = try #require(order.firstIndex(of: "prestop-done"), "the pre-stop job finished: \(order)")
            let term = try #require(order.firstIndex(of: "app-term"), "the app got SIGTERM: \(order)")
            #expect(done < term, "the app is signalled after its pre-stop job finished: \(order)")
            #expect(elapsed < .seconds(5), "the wait ends when the pre-stop job is done, not at the stopTimeout")
        }
    }

    @Test func appIgnoringSigtermIsKilledAfterItsStopTimeoutAndNotBefore() async throws {
        try await withContainerPilotScenario("cp-sigterm-timeout") { scenario in
            let events = scenario.path("events")
            // SIGTERM ignored by the shell stays ignored in the program it becomes.
            let app = "trap '' TERM; echo $$ > \(scenario.path("app.pid")); exec sleep 1000"
            try scenario.writeConfiguration([
                "jobs": [
                    ["name": "app", "exec": Scenario.shell(app), "stopTimeout": "3s"],
                    [
                        "name": "post-stop", "exec": Scenario.shell("echo poststop >> \(events)"),
                        "when": ["source": "app", "once": "stopped"],
                    ],
                ]
            ])
            let pilot = try scenario.start()
            let pid = try await scenario.waitForPID("app.pid")

            let start = ContinuousClock.now
            pilot.send(SIGTERM)
            _ = try await Polling.until("the app to be killed", timeout: .seconds(15), interval: .milliseconds(10)) {
                ProcessInspection.isAlive(pid) ? nil : true
            }
            let killedAfter = ContinuousClock.now - start
            let figure = String(format: "%.3f", killedAfter.inSeconds)
            print("app ignoring SIGTERM with stopTimeout 3s: killed after \(figure) s")
            #expect(killedAfter >= .milliseconds(2900), "killed before its stopTimeout")
            #expect(killedAfter < .milliseconds(4500), "kept long after its stopTimeout")
            #expect(try await pilot.waitForExit() == 0, "\(pilot.log)")
            #expect(scenario.events.contains("poststop"), "stopped was published after the kill: \(scenario.events)")
        }
    }

    @Test func jobOnGlobalShutdownRunsBeforePilotExits() async throws {
        // docs/30-configuration/34-jobs.md: `shutdown` is published to all jobs when ContainerPilot is shutting down.
        try await withContainerPilotScenario("cp-sigterm-shutdown") { scenario in
            let events = scenario.path("events")
            try scenario.writeConfiguration([
                "jobs": [
                    ["name": "app", "exec": Scenario.shell("echo app-start >> \(events); exec sleep 1000")],
                    [
                        "name": "farewell", "exec": Scenario.shell("sleep 0.2; echo farewell >> \(events)"),
                        "when": ["source": "global", "once": "shutdown"],
                    ],
                ]
            ])
            let pilot = try scenario.start()
            try await scenario.waitForEvent("app-start")
            #expect(scenario.events == ["app-start"], "the shutdown job waits for the shutdown")

            let (status, elapsed) = try await scenario.terminate(pilot)
            print("SIGTERM to exit with a 0.2 s job on global shutdown: \(String(format: "%.3f", elapsed.inSeconds)) s")
            #expect(status == 0, "\(pilot.log)")
            #expect(scenario.events == ["app-start", "farewell"], "the job on shutdown ran to its end before the exit")
        }
    }
}
