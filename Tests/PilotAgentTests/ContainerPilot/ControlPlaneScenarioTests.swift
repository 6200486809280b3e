import ConsulAPI
import Foundation
import Testing
import TestSupport

/// ContainerPilot's `test_config_reload` scenario and its control plane (docs/30-configuration/37-control-plane.md)
/// on the socket the configuration names: maintenance takes the app out of rotation while its registration stays
/// (publishing the global `enterMaintenance` and `exitMaintenance`), and a reload keeps running what did not
/// change (ContainerPilot restarts every job, its docs say it does not).
@Suite(.serialized) struct ControlPlaneScenarioTests {
    typealias Scenario = ContainerPilotScenario

    /// The app's instance and its Consul maintenance check (`_service_maintenance:<ID>`), if any.
    private func maintenanceCheck(_ scenario: Scenario) async throws -> (HealthServiceEntry, HealthCheck?)? {
        let entries = try await scenario.instances("app")
        guard entries.count == 1 else { return nil }
        return (entries[0], entries[0].checks.first { $0.checkID.hasPrefix("_service_maintenance:") })
    }

    /// An app registered in Consul, and jobs appending `enter` and `exit` to `events` on the global
    /// `enterMaintenance` and `exitMaintenance`.
    private func writeMaintenanceConfiguration(_ scenario: Scenario) throws {
        try scenario.writeConfiguration([
            "jobs": [
                [
                    "name": "app", "port": 8000, "interfaces": Scenario.loopback, "exec": ["sleep", "1000"],
                    "health": Scenario.passingHealth,
                ],
                [
                    "name": "on-enter", "exec": Scenario.shell("echo enter >> \(scenario.path("events"))"),
                    "when": ["source": "global", "each": "enterMaintenance"],
                ],
                [
                    "name": "on-exit", "exec": Scenario.shell("echo exit >> \(scenario.path("events"))"),
                    "when": ["source": "global", "each": "exitMaintenance"],
                ],
            ]
        ])
    }

    /// A maintenance request through the socket: its status and its body's `updated`.
    private func maintenance(_ scenario: Scenario, _ action: String) throws
        -> (status: Int, updated: Bool?, body: String)
    {
        let reply = try UnixSocketHTTP.request(scenario.socket, "POST", "/v3/maintenance/\(action)")
        let object = try? JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any]
        return (reply.status, object?["updated"] as? Bool, reply.body)
    }

    @Test func maintenanceKeepsTheRegistrationMarkedInMaintenanceUntilDisabled() async throws {
        try await withContainerPilotScenario("cp-maintenance") { scenario in
            try writeMaintenanceConfiguration(scenario)
            let pilot = try scenario.start()
            let entry = try await scenario.waitForPassingInstance("app")

            #expect(try maintenance(scenario, "enable").status == 200)
            let marked = try await Polling.until("the app marked in maintenance") { () -> HealthCheck? in
                try await maintenanceCheck(scenario)?.1
            }
            try await scenario.waitForEvent("enter")
            #expect(marked.status == .critical)
            #expect(marked.serviceID == entry.service.id)
            let passing = try await scenario.probe.client.health.service(
                "app", query: HealthServiceQuery(passingOnly: true))
            #expect(passing.value.isEmpty, "out of rotation")

            // Two health intervals later it is still registered and still in maintenance: passing checks do not
            // take it back.
            try await Task.sleep(for: .seconds(2.5))
            let later = try #require(try await maintenanceCheck(scenario), "the registration stays")
            #expect(later.0.service.id == entry.service.id)
            #expect(later.1 != nil, "still in maintenance")

            #expect(try maintenance(scenario, "disable").status == 200)
            _ = try await Polling.until("the app back in rotation") { () -> Bool? in
                guard let (entry, check) = try await maintenanceCheck(scenario) else { return nil }
                return check == nil && entry.aggregatedStatus == .passing ? true : nil
            }
            try await scenario.waitForEvent("exit")
            #expect(scenario.events == ["enter", "exit"])
            #expect(try await scenario.terminate(pilot).status == 0)
        }
    }

    @Test func repeatedMaintenanceRequestChangesNothingAndSaysSo() async throws {
        // docs/30-configuration/37-control-plane.md: requests are idempotent, "requesting enable twice enables
        // maintenance mode and does nothing on the second request"; the answer is `{"updated": true|false}`.
        try await withContainerPilotScenario("cp-maintenance-twice") { scenario in
            try writeMaintenanceConfiguration(scenario)
            let pilot = try scenario.start()
            _ = try await scenario.waitForPassingInstance("app")

            let first = try maintenance(scenario, "enable")
            #expect(first.status == 200)
            #expect(first.updated == true, "the answer says it was an update: \(first.body)")
            try await scenario.waitForEvent("enter")
            let second = try maintenance(scenario, "enable")
            #expect(second.status == 200)
            #expect(second.updated == false, "the answer says nothing changed: \(second.body)")

            let leave = try maintenance(scenario, "disable")
            #expect(leave.updated == true, "\(leave.body)")
            try await scenario.waitForEvent("exit")
            let again = try maintenance(scenario, "disable")
            #expect(again.updated == false, "\(again.body)")
            // The job on exitMaintenance ran once the first disable came; a second enter would have been published
            // before it, so the events are complete but for a second exit, which a moment would show.
            try await Task.sleep(for: .milliseconds(300))
            #expect(scenario.events == ["enter", "exit"], "each change publishes its event once: \(scenario.events)")
            #expect(try await scenario.terminate(pilot).status == 0)
        }
    }

    /// An app, and a worker whose argument (`$0`) the test changes; both append "PID ARGUMENT" when they start.
    private func writeReloadConfiguration(_ scenario: Scenario, workerArgument: String) throws {
        try scenario.writeConfiguration([
            "jobs": [
                [
                    "name": "app", "port": 8000, "interfaces": Scenario.loopback, "health": Scenario.passingHealth,
                    "exec": Scenario.shell("echo $$ >> \(scenario.path("app")); exec sleep 1000"),
                ],
                [
                    "name": "worker",
                    "exec": Scenario.shell(
                        "echo \"$$ $0\" >> \(scenario.path("worker")); exec sleep 1000", arguments: [workerArgument]),
                ],
            ]
        ])
    }

    @Test func reloadKeepsAnUnchangedJobRunningAndRestartsAChangedOne() async throws {
        try await withContainerPilotScenario("cp-reload") { scenario in
            try writeReloadConfiguration(scenario, workerArgument: "v1")
            let pilot = try scenario.start()
            _ = try await scenario.waitForPassingInstance("app")
            let app = try await scenario.waitForPID("app")
            let oldWorker = try await scenario.waitForPID("worker")

            try writeReloadConfiguration(scenario, workerArgument: "v2")
            let reload = try UnixSocketHTTP.request(scenario.socket, "POST", "/v3/reload")
            #expect(reload.status == 200, "\(reload.body)")
            let workers = try await scenario.waitForLines("worker", count: 2, timeout: .seconds(10))
            #expect(workers.last?.hasSuffix(" v2") == true, "the changed job runs its new definition: \(workers)")
            _ = try await Polling.until("the old worker to be stopped") {
                ProcessInspection.isAlive(oldWorker) ? nil : true
            }

            #expect(scenario.lines("app") == ["\(app)"], "the unchanged app was not started again")
            #expect(ProcessInspection.isAlive(app), "the unchanged app kept running")
            #expect(try await scenario.waitForPassingInstance("app").service.id == "app-\(Scenario.hostname)")
            #expect(pilot.isRunning)
            #expect(try await scenario.terminate(pilot).status == 0)
        }
    }

    @Test func reloadStopsARemovedJobAndStartsAnAddedOne() async throws {
        try await withContainerPilotScenario("cp-reload-jobs") { scenario in
            let events = scenario.path("events")
            let job = { (name: String, port: Int) -> [String: Any] in
                [
                    "name": name, "port": port, "interfaces": Scenario.loopback, "health": Scenario.passingHealth,
                    "exec": Scenario.shell(
                        "echo $$ > \(scenario.path(name)); echo \(name) >> \(events); exec sleep 1000"),
                ]
            }
            try scenario.writeConfiguration(["jobs": [job("app", 8000), job("retired", 8001)]])
            let pilot = try scenario.start()
            _ = try await scenario.waitForPassingInstance("retired")
            let retired = try await scenario.waitForPID("retired")

            try scenario.writeConfiguration(["jobs": [job("app", 8000), job("newcomer", 8002)]])
            #expect(try UnixSocketHTTP.request(scenario.socket, "POST", "/v3/reload").status == 200)
            _ = try await scenario.waitForPassingInstance("newcomer")
            _ = try await Polling.until("the removed job's process to be stopped") {
                ProcessInspection.isAlive(retired) ? nil : true
            }
            try await scenario.probe.waitForNoInstances("retired", timeout: .seconds(5))
            #expect(scenario.events.filter { $0 == "app" }.count == 1, "app kept running: \(scenario.events)")
            #expect(try await scenario.terminate(pilot).status == 0)
        }
    }

    @Test func aHundredOverlappingReloadsLeaveTheAgentAnsweringAndTheAppUntouched() async throws {
        // ContainerPilot's test slams the reload endpoint to show it does not deadlock.
        try await withContainerPilotScenario("cp-reload-slam") { scenario in
            try writeReloadConfiguration(scenario, workerArgument: "v1")
            let pilot = try scenario.start()
            _ = try await scenario.waitForPassingInstance("app")
            let app = try await scenario.waitForPID("app")

            // One curl making the hundred requests, 32 at a time: reloads keep arriving while others run, and the
            // connections stay within the socket's listen backlog (64). (A shell's `wait` on background curls
            // would hang: the test process hands its blocked SIGCHLD down to its children.)
            let requests = (1...100).flatMap { _ in ["-o", "/dev/null", "http://pilot/v3/reload"] }
            let run = try ProgramRun.run(
                URL(filePath: "/usr/bin/curl"),
                ["-s", "--parallel", "--parallel-max", "32", "--max-time", "30", "-w", "%{http_code}\\n",
                 "--unix-socket", scenario.socket, "-X", "POST"] + requests)
            let codes = run.standardOutput.split(separator: "\n").map(String.init)
            #expect(codes.count == 100 && codes.allSatisfy { $0 == "200" }, "every reload answered: \(run)")

            let ping = try UnixSocketHTTP.request(scenario.socket, "GET", "/v3/ping")
            #expect(ping.status == 200, "the agent still answers")
            #expect(scenario.lines("app") == ["\(app)"], "an unchanged app is never restarted by a reload")
            #expect(scenario.lines("worker").count == 1, "nor is an unchanged worker")
            #expect(ProcessInspection.isAlive(app))
            #expect(try await scenario.terminate(pilot).status == 0)
        }
    }
}
