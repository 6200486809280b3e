import Foundation
import Testing
import TestSupport

/// ContainerPilot's `test_reap_zombies` scenario: pilot as the container's PID 1 (a PID namespace of its own) runs
/// a job, a health check and a periodic task that all leave orphans behind; the orphans are reparented to pilot,
/// which reaps them, so no zombie stays.
@Suite(.serialized) struct ReapZombiesScenarioTests {
    typealias Scenario = ContainerPilotScenario

    /// One process as `/proc/<pid>/stat` tells it.
    private struct ProcessState {
        var pid: Int32
        var parent: Int32
        var state: Substring
    }

    /// Every process on the host (those of the namespace included), by host PID.
    private func processTable() -> [ProcessState] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap(Int32.init).compactMap { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, let parent = Int32(fields[1]) else { return nil }
            return ProcessState(pid: pid, parent: parent, state: fields[0])
        }
    }

    /// Whether `pid` runs one of the `sleep`s the scenario's scripts leave behind.
    private static func isOrphanedSleep(_ pid: Int32) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return words.count == 2 && words[0] == "sleep" && ["0.3", "0.5", "0.7"].contains(words[1])
    }

    @Test func orphansOfJobsChecksAndTasksAreReapedByPilotAsPID1() async throws {
        try await withContainerPilotScenario("cp-reap-zombies") { scenario in
            // The check leaves its `sleep 0.2` to a program that never waits, which then exits: the zombie is
            // reparented to PID 1. The other job (every second) and the task leave orphans that exit later.
            try scenario.writeConfiguration([
                "jobs": [
                    [
                        "name": "zombies", "port": 8000, "interfaces": Scenario.loopback, "exec": ["sleep", "1000"],
                        "health": ["exec": Scenario.shell("sleep 0.2 & exec sleep 0.4"), "interval": 1, "ttl": 5],
                    ],
                    [
                        "name": "slow-zombies",
                        "exec": Scenario.shell("while :; do sh -c 'sleep 0.5 & sleep 0.7 &'; sleep 1; done"),
                    ],
                    [
                        "name": "task", "exec": Scenario.shell("sleep 0.3 & echo run >> \(scenario.path("task"))"),
                        "when": ["interval": "500ms"],
                    ],
                ]
            ])
            let executable = PilotAgent.executable.path(percentEncoded: false)
            let pilot = try scenario.start(wrapper: ["/usr/bin/unshare", "--pid", "--fork", "--mount-proc", executable])
            _ = try await scenario.waitForPassingInstance("zombies")
            let children = try String(contentsOfFile: "/proc/\(pilot.pid)/task/\(pilot.pid)/children", encoding: .utf8)
            let pilotPID = try #require(
                children.split(separator: " ").first.flatMap { Int32($0) }, "pilot runs under unshare")

            // Watch for 4 s (four health checks, eight task runs): a zombie of pilot's may exist for the moment
            // between its exit and pilot's wait, never for long.
            var firstSeen: [Int32: ContinuousClock.Instant] = [:]
            var longest = Duration.zero
            var adopted: Set<Int32> = []
            let end = ContinuousClock.now + .seconds(4)
            while ContinuousClock.now < end {
                let now = ContinuousClock.now
                let children = processTable().filter { $0.parent == pilotPID }
                // Orphans that became pilot's: the scenario really leaves them where only pilot can reap them.
                adopted.formUnion(children.filter { Self.isOrphanedSleep($0.pid) }.map(\.pid))
                let zombies = children.filter { $0.state == "Z" }.map(\.pid)
                for pid in zombies {
                    let seen = firstSeen[pid, default: now]
                    firstSeen[pid] = seen
                    longest = max(longest, now - seen)
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            print("orphans adopted by pilot: \(adopted.count), its zombies seen: \(firstSeen.count), "
                + "longest unreaped: \(longest)")
            #expect(!adopted.isEmpty, "the jobs' orphans should have been reparented to pilot")
            #expect(longest < .milliseconds(500), "a zombie stayed unreaped for \(longest)")
            #expect(scenario.lines("task").count >= 4, "the task ran: \(scenario.lines("task"))")
            _ = try await Polling.until("no zombie of pilot's left") { () -> Bool? in
                processTable().contains { $0.parent == pilotPID && $0.state == "Z" } ? nil : true
            }
            #expect(!pilot.log.contains("no child processes"), "a wait raced another: \(pilot.log)")
            #expect(!pilot.log.contains("ECHILD"), "a wait raced another: \(pilot.log)")

            try pilot.sendToChild(SIGTERM)
            #expect(try await pilot.waitForExit() == 0, "\(pilot.log)")
        }
    }

    @Test func jobsWhoseOrphansHoldTheirOutputPipeKeepPilotRunning() async throws {
        // As slow-zombie.sh: a job's children outlive it, holding its output pipe (which pilot reads to log the
        // job's lines) and are reparented to pilot. Six jobs do so every 20 ms, until 1200 runs.
        try await withContainerPilotScenario("cp-reap-churn") { scenario in
            let runs = scenario.path("runs")
            let jobs = (1...6).map { number -> [String: Any] in
                [
                    "name": "churn\(number)", "when": ["interval": "20ms"],
                    "exec": Scenario.shell("echo run >> \(runs); sleep 0.03 & sleep 0.01 &"),
                ]
            }
            try scenario.writeConfiguration(["jobs": jobs])
            let pilot = try scenario.start()
            let survived = try await Polling.until("1200 runs, or pilot's end", timeout: .seconds(60)) { () -> Bool? in
                if !pilot.isRunning { return false }
                return scenario.lines("runs").count >= 1200 ? true : nil
            }
            let runCount = scenario.lines("runs").count
            #expect(survived, "pilot ended after \(runCount) runs; log ends:\n\(pilot.log.suffix(4000))")
            if survived { #expect(try await scenario.terminate(pilot).status == 0) }
        }
    }
}
