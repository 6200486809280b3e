import ContainerPilotConfig
import Testing

@testable import PilotAgent

/// Jobs of one ContainerPilot file acting on each other's events, from start to shutdown.
@Suite struct JobScenarioTests {
    func engine(_ jobs: String) throws -> ScriptedEngine {
        ScriptedEngine(
            try ContainerPilotConfiguration(parsing: "{consul: \"localhost:8500\", jobs: \(jobs)}", file: "t"))
    }

    @Test func setupRunsFirstAndTheAppStartsOnItsSuccess() throws {
        var engine = try engine(
            """
            [
              {name: "app", exec: "/bin/app", when: {source: "setup", once: "exitSuccess"}},
              {name: "setup", exec: "/bin/setup"},
            ]
            """)
        engine.broadcast(.engineStarted)
        #expect(engine.running == ["setup"])
        engine.exit("setup")
        #expect(engine.running == ["app"])
        #expect(
            engine.timeline == [
                "setup: start", "setup: exited 0", "setup: publish exitSuccess from setup",
                "setup: publish stopping from setup", "setup: publish stopped from setup", "app: start",
            ])
    }

    @Test func aFailedSetupLeavesTheAppWaiting() throws {
        var engine = try engine(
            """
            [
              {name: "setup", exec: "/bin/setup"},
              {name: "app", exec: "/bin/app", when: {source: "setup", once: "exitSuccess"}},
            ]
            """)
        engine.broadcast(.engineStarted)
        engine.exit("setup", status: 1)
        #expect(engine.running.isEmpty)
        #expect(engine.machines["app"]?.phase == .waiting)
    }

    /// The docs' `consul-agent` / `leave-consul` example, with a post-stop job after the app: at shutdown the
    /// agent keeps running until `consul leave` ran, `stopped` comes after each process exited, the post-stop
    /// job runs after the app stopped, and every job ends.
    @Test func shutdownRunsPreStopAndPostStopJobsInOrder() throws {
        var engine = try engine(
            """
            [
              {name: "consul-agent", exec: "consul agent", stopTimeout: "5s"},
              {name: "leave-consul", exec: "consul leave", when: {source: "consul-agent", once: "stopping"}},
              {name: "app", exec: "/bin/app", stopTimeout: "3s"},
              {name: "cleanup", exec: "/bin/cleanup", when: {source: "app", once: "stopped"}},
            ]
            """)
        engine.broadcast(.engineStarted)
        #expect(engine.running == ["consul-agent", "app"])
        engine.broadcast(.stopRequested)
        #expect(engine.running == ["consul-agent", "app", "leave-consul"])
        engine.exit("leave-consul")
        engine.exit("app")
        #expect(engine.running == ["consul-agent", "cleanup"])
        engine.exit("cleanup")
        engine.exit("consul-agent")
        #expect(engine.allFinished)
        #expect(
            engine.timeline == [
                "consul-agent: start", "app: start",
                "consul-agent: publish stopping from consul-agent",
                "leave-consul: start",
                "leave-consul: publish stopping from leave-consul",
                "app: publish stopping from app", "app: SIGTERM",
                "cleanup: publish stopping from cleanup",
                "leave-consul: exited 0", "leave-consul: publish exitSuccess from leave-consul",
                "leave-consul: publish stopped from leave-consul",
                "consul-agent: SIGTERM",
                "app: exited 0", "app: publish exitSuccess from app", "app: publish stopped from app",
                "cleanup: start",
                "cleanup: exited 0", "cleanup: publish exitSuccess from cleanup",
                "cleanup: publish stopped from cleanup",
                "consul-agent: exited 0", "consul-agent: publish exitSuccess from consul-agent",
                "consul-agent: publish stopped from consul-agent",
            ])
    }

    /// ContainerPilot's periodic task with its parser defaults: `interval` makes restarts unlimited and the run
    /// timeout the interval, so a hung run is killed when the next one is due.
    @Test func aPeriodicTaskTakesItsDefaultsFromTheParser() throws {
        var engine = try engine(#"[{name: "backup", exec: "/bin/backup", when: {interval: "1s"}}]"#)
        engine.broadcast(.engineStarted)
        engine.send(.timerFired(.runTimeout), to: "backup")
        engine.send(.timerFired(.interval), to: "backup")
        engine.exit("backup", status: 137)
        #expect(
            engine.timeline == [
                "backup: start", "backup: SIGKILL", "backup: exited 137", "backup: publish exitFailed from backup",
                "backup: start",
            ])
    }
}
