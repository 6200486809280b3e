import Foundation
import Testing
import TestSupport

/// ContainerPilot's `test_tasks` scenario: jobs with `when.interval` run once per interval, as many times as
/// `restarts` allows (unlimited by default), and a run longer than the job's `timeout` is killed.
@Suite(.serialized) struct PeriodicTaskScenarioTests {
    typealias Scenario = ContainerPilotScenario

    /// A task that writes its PID in `NAME-pids` (a shell builtin, at once), stamps its start in `NAME-starts`,
    /// works `seconds`, and stamps its end in `NAME-ends`.
    private func task(_ scenario: Scenario, _ name: String, seconds: String) -> [String] {
        let pids = scenario.path("\(name)-pids")
        let starts = scenario.path("\(name)-starts")
        let ends = scenario.path("\(name)-ends")
        return Scenario.shell(
            "echo $$ >> \(pids); date +%s.%N >> \(starts); sleep \(seconds); date +%s.%N >> \(ends)")
    }

    /// The start stamps (seconds since the epoch) of a task.
    private func starts(_ scenario: Scenario, _ name: String) -> [Double] {
        scenario.lines("\(name)-starts").compactMap { Double($0) }
    }

    /// The gaps between consecutive stamps.
    private func gaps(_ stamps: [Double]) -> [Double] {
        zip(stamps.dropFirst(), stamps).map { $0 - $1 }
    }

    /// Seconds with three decimals, for printing.
    private func figures(_ values: [Double]) -> String {
        values.map { String(format: "%.3f", $0) }.joined(separator: " ")
    }

    @Test func taskRunsOncePerIntervalAsOftenAsItsRestartsAllow() async throws {
        try await withContainerPilotScenario("cp-tasks-interval") { scenario in
            try scenario.writeConfiguration([
                "jobs": [
                    // 200 ms of work every 500 ms, its timeout the interval by default, then with 500 ms given.
                    [
                        "name": "task1", "exec": task(scenario, "task1", seconds: "0.2"), "when": ["interval": "500ms"],
                        "restarts": "5",
                    ],
                    [
                        "name": "task2", "exec": task(scenario, "task2", seconds: "0.2"), "when": ["interval": "500ms"],
                        "timeout": "500ms", "restarts": 5,
                    ],
                ]
            ])
            let pilot = try scenario.start()
            for name in ["task1", "task2"] {
                _ = try await scenario.waitForLines("\(name)-ends", count: 6, timeout: .seconds(10))
            }
            // Two more intervals: a seventh run would have started by now.
            try await Task.sleep(for: .seconds(1.2))
            for name in ["task1", "task2"] {
                let stamps = starts(scenario, name)
                print("\(name) gaps between runs: \(figures(gaps(stamps)))")
                #expect(stamps.count == 6, "restarts 5 on an interval: six runs; \(name) made \(stamps.count)")
                #expect(scenario.lines("\(name)-ends").count == 6, "no run of \(name) was cut short")
                #expect(gaps(stamps).allSatisfy { $0 > 0.3 && $0 < 0.8 }, "\(name) runs every 500 ms: \(gaps(stamps))")
            }
            #expect(try await scenario.terminate(pilot).status == 0)
        }
    }

    @Test func taskLongerThanItsTimeoutIsKilledEveryRun() async throws {
        try await withContainerPilotScenario("cp-tasks-timeout") { scenario in
            // 2 s of work with a 200 ms timeout, every 500 ms, three runs. (ContainerPilot's test gives 100 ms; a
            // shell on a loaded machine may not have written its first line by then.)
            try scenario.writeConfiguration([
                "jobs": [
                    [
                        "name": "task3", "exec": task(scenario, "task3", seconds: "2.0417"),
                        "when": ["interval": "500ms"],
                        "timeout": "200ms", "restarts": 2,
                    ]
                ]
            ])
            let pilot = try scenario.start()
            let pids = try await scenario.waitForLines("task3-pids", count: 3, timeout: .seconds(10)).compactMap {
                Int32($0)
            }
            let lastStart = try #require(starts(scenario, "task3").last, "the last run stamped its start")
            _ = try await Polling.until("the runs to be killed", timeout: .seconds(1), interval: .milliseconds(10)) {
                pids.contains(where: ProcessInspection.isAlive) ? nil : true
            }
            let killedAfter = Scenario.now - lastStart
            print("task3 (timeout 200 ms) last run gone \(String(format: "%.3f", killedAfter)) s after it started")
            #expect(killedAfter < 0.6)
            _ = try await Polling.until("the runs' work to be killed with them", timeout: .seconds(1)) {
                ProcessInspection.processes(running: ["sleep", "2.0417"]).isEmpty ? true : nil
            }
            #expect(scenario.lines("task3-ends").isEmpty, "a run outlived its timeout")
            let stamps = starts(scenario, "task3")
            #expect(gaps(stamps).allSatisfy { $0 > 0.3 && $0 < 0.8 }, "runs every 500 ms: \(gaps(stamps))")
            #expect(try await scenario.terminate(pilot).status == 0)
        }
    }

    @Test func taskWithoutRestartsKeepsRunningOncePerInterval() async throws {
        try await withContainerPilotScenario("cp-tasks-unlimited") { scenario in
            try scenario.writeConfiguration([
                "jobs": [
                    ["name": "task4", "exec": task(scenario, "task4", seconds: "0"), "when": ["interval": "1000ms"]]
                ]
            ])
            let pilot = try scenario.start()
            _ = try await scenario.waitForLines("task4-starts", count: 4, timeout: .seconds(10))
            let stamps = starts(scenario, "task4")
            print("task4 gaps between runs: \(figures(gaps(stamps)))")
            #expect(gaps(stamps).allSatisfy { $0 > 0.8 && $0 < 1.3 }, "once a second, not at once: \(gaps(stamps))")
            #expect(try await scenario.terminate(pilot).status == 0)
        }
    }
}
