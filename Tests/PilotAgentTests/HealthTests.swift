import ConsulAPI
import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct HealthTests {
    static func environment(_ consul: ConsulDevAgent, name: String, command: String? = "sleep 1000") -> [String: String] {
        var environment = [
            "CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "SERVICE_NAME": name, "SERVICE_PORT": "80",
            "SERVICE_INTERFACE": "static:127.0.0.1",
        ]
        environment["SERVICE_COMMAND"] = command
        return environment
    }

    @Test func failingPingMarksCriticalWithItsOutputAndKeepsTheRegistration() async throws {
        try await withConsul(name: "health-ping") { consul, probe in
            let directory = try PilotAgent.workingDirectory(
                ping: "if [ -f sick ]; then echo 'db connection refused'; exit 1; fi; echo fine")
            let pilot = try PilotAgent(
                environment: Self.environment(consul, name: "pinged"), arguments: ["run", "--check-interval", "300ms"],
                directory: directory)
            _ = try await probe.waitForStatus("pinged", .passing)
            PilotAgent.touch(directory.appending(path: "sick"))
            let critical = try await probe.waitForStatus("pinged", .critical)
            #expect(critical.output.contains("db connection refused"))
            #expect(critical.output.contains("./ping failed: exit status 1"))
            #expect(try await probe.instances("pinged").count == 1, "critical, not deregistered")
            try FileManager.default.removeItem(at: directory.appending(path: "sick"))
            let recovered = try await probe.waitForStatus("pinged", .passing)
            #expect(recovered.output == "fine\n")
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }

    @Test func pingThatHangsIsKilledAtTheTimeoutAndCountsAsFailed() async throws {
        try await withConsul(name: "health-timeout") { consul, probe in
            let directory = try PilotAgent.workingDirectory(ping: "echo $$ > ping.pid; echo checking; exec sleep 1000")
            let pilot = try PilotAgent(
                environment: Self.environment(consul, name: "hung"),
                arguments: ["run", "--check-interval", "1s", "--check-timeout", "300ms"], directory: directory)
            let critical = try await Polling.until("the timeout verdict") { () -> HealthCheck? in
                let check = try await probe.agentCheck("hung")
                return check?.output.contains("timed out after 300ms") == true ? check : nil
            }
            #expect(critical.status == .critical)
            let pingPID = try #require(Int32(try String(contentsOf: directory.appending(path: "ping.pid"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)))
            _ = try await Polling.until("the hung ping to be killed") { kill(pingPID, 0) != 0 ? true : nil }
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }

    @Test func withoutAPingTheCheckFollowsTheProcess() async throws {
        try await withConsul(name: "health-liveness") { consul, probe in
            let pilot = try PilotAgent(
                environment: Self.environment(consul, name: "noping"), directory: try PilotAgent.workingDirectory())
            let passing = try await probe.waitForStatus("noping", .passing)
            #expect(passing.output == "no health command; the service process is running")
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }

    @Test func crashedServiceIsCriticalAtOnceThenRestartedAndPassingAgain() async throws {
        try await withConsul(name: "health-crash") { consul, probe in
            let directory = try PilotAgent.workingDirectory(ping: "echo ok")
            try PilotAgent.writeScript("echo start >> starts; echo $$ > child.pid; exec sleep 1000", to: directory.appending(path: "app"))
            let pilot = try PilotAgent(
                environment: Self.environment(consul, name: "crashy", command: "./app"),
                arguments: ["run", "--check-interval", "10s"], directory: directory)
            _ = try await probe.waitForStatus("crashy", .passing)
            let pid = try #require(Int32(try String(contentsOf: directory.appending(path: "child.pid"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)))
            kill(pid, SIGKILL)
            // With a 10 s interval, seeing critical and then passing within it proves both came from the exit.
            let critical = try await probe.waitForStatus("crashy", .critical, timeout: .seconds(5))
            #expect(critical.output.contains("killed by SIGKILL"))
            _ = try await probe.waitForStatus("crashy", .passing, timeout: .seconds(5))
            let starts = try String(contentsOf: directory.appending(path: "starts"), encoding: .utf8)
            #expect(starts == "start\nstart\n")
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }
}
