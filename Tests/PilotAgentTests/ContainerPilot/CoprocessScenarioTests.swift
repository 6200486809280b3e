import Foundation
import Testing
import TestSupport

/// ContainerPilot's `test_coprocess` scenario: a long-running helper beside the app is restarted when it dies, as
/// often as its `restarts` allows; a reload with a changed definition runs the new command with a fresh allowance.
/// Started as that test starts ContainerPilot: the `CONTAINERPILOT` variable (`file://` form) names the file.
@Suite(.serialized) struct CoprocessScenarioTests {
    typealias Scenario = ContainerPilotScenario

    /// The app and a coprocess that appends "PID ARGUMENT" to `coprocess` each time it starts.
    private func writeConfiguration(_ scenario: Scenario, restarts: Any, argument: String) throws {
        let coprocess = "echo \"$$ $0\" >> \(scenario.path("coprocess")); exec sleep 1000"
        try scenario.writeConfiguration([
            "jobs": [
                [
                    "name": "app", "port": 8000, "interfaces": Scenario.loopback, "exec": ["sleep", "1000"],
                    "health": Scenario.passingHealth,
                ],
                ["name": "coprocess", "exec": Scenario.shell(coprocess, arguments: [argument]), "restarts": restarts],
            ]
        ])
    }

    /// The process IDs the coprocess wrote, in start order.
    private func pids(_ scenario: Scenario) -> [Int32] {
        scenario.lines("coprocess").compactMap { $0.split(separator: " ").first.flatMap { Int32($0) } }
    }

    @Test func coprocessIsRestartedAsOftenAsItsRestartsAllowAndNoMore() async throws {
        try await withContainerPilotScenario("cp-coprocess-limit") { scenario in
            try writeConfiguration(scenario, restarts: 1, argument: "arg1")
            let pilot = try scenario.start(byVariable: true)
            let first = try await scenario.waitForPID("coprocess")

            kill(first, SIGTERM)
            let second = try await scenario.waitForPID("coprocess", count: 2, timeout: .seconds(5))
            #expect(second != first)

            kill(second, SIGTERM)
            _ = try await Polling.until("the second coprocess to be gone") {
                ProcessInspection.isAlive(second) ? nil : true
            }
            // No event can say "pilot decided not to restart", so the absence is judged after a while.
            try await Task.sleep(for: .seconds(1.5))
            #expect(pids(scenario).count == 2, "restarts: 1 allows one restart: \(scenario.lines("coprocess"))")
            #expect(pilot.isRunning, "the app keeps pilot running: \(pilot.log)")
            #expect(try await scenario.terminate(pilot).status == 0)
        }
    }

    @Test func unlimitedCoprocessComesBackEveryTimeItIsKilled() async throws {
        try await withContainerPilotScenario("cp-coprocess-unlimited") { scenario in
            try writeConfiguration(scenario, restarts: "unlimited", argument: "arg1")
            let pilot = try scenario.start(byVariable: true)
            var pid = try await scenario.waitForPID("coprocess")
            for count in 2...4 {
                kill(pid, count.isMultiple(of: 2) ? SIGTERM : SIGKILL)
                pid = try await scenario.waitForPID("coprocess", count: count, timeout: .seconds(5))
            }
            #expect(Set(pids(scenario)).count == 4, "four distinct runs: \(scenario.lines("coprocess"))")
            #expect(ProcessInspection.isAlive(pid))
            #expect(try await scenario.terminate(pilot).status == 0)
        }
    }

    @Test func reloadRunsTheChangedCoprocessWithAFreshRestartAllowance() async throws {
        try await withContainerPilotScenario("cp-coprocess-reload") { scenario in
            try writeConfiguration(scenario, restarts: 1, argument: "arg1")
            let pilot = try scenario.start(byVariable: true)
            let first = try await scenario.waitForPID("coprocess")
            kill(first, SIGTERM)
            let second = try await scenario.waitForPID("coprocess", count: 2, timeout: .seconds(5))
            kill(second, SIGTERM)
            _ = try await Polling.until("the second coprocess to be gone") {
                ProcessInspection.isAlive(second) ? nil : true
            }

            // As ContainerPilot's test does: edit the file, then `-reload`, which finds the socket through the
            // variable.
            try writeConfiguration(scenario, restarts: 1, argument: "arg2")
            let reload = try await ContainerPilotControlTests.pilot(
                ["-reload"], in: scenario.directory, environment: scenario.variable)
            #expect(reload.status == 0, "\(reload.log)")
            let third = try await scenario.waitForLines("coprocess", count: 3, timeout: .seconds(5))
            #expect(third.last?.hasSuffix(" arg2") == true, "the new definition runs: \(third)")

            let pid = try await scenario.waitForPID("coprocess", count: 3)
            kill(pid, SIGTERM)
            let fourth = try await scenario.waitForLines("coprocess", count: 4, timeout: .seconds(5))
            #expect(fourth.last?.hasSuffix(" arg2") == true, "the reloaded job has its restart back: \(fourth)")
            #expect(try await scenario.terminate(pilot).status == 0)
        }
    }
}
