import ConsulAPI
import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct SupervisionTests {
    @Test func sigtermDeregistersFirstThenStopsTheServiceAndExitsQuickly() async throws {
        try await withConsul(name: "sup-term") { consul, probe in
            let directory = try PilotAgent.workingDirectory(ping: "echo ok")
            // The service records, when it gets SIGTERM, whether it was still registered at that moment.
            try PilotAgent.writeScript(
                """
                trap 'curl -s http://127.0.0.1:\(consul.ports.http)/v1/health/service/graceful > at-term.json; exit 0' TERM
                while true; do sleep 0.02; done
                """, to: directory.appending(path: "app"))
            let pilot = try PilotAgent(
                environment: HealthTests.environment(consul, name: "graceful", command: "./app"), directory: directory)
            _ = try await probe.waitForStatus("graceful", .passing)
            let sent = ContinuousClock.now
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
            let took = ContinuousClock.now - sent
            #expect(took < .seconds(1), "pilot took \(took) to stop a cooperative service")
            let atTerm = try String(contentsOf: directory.appending(path: "at-term.json"), encoding: .utf8)
            #expect(atTerm.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "still registered when stopped: \(atTerm)")
            #expect(pilot.log.contains("deregistered"))
        }
    }

    @Test func serviceIgnoringSIGTERMIsKilledAfterTheStopTimeout() async throws {
        let directory = try PilotAgent.workingDirectory()
        try PilotAgent.writeScript("trap '' TERM; echo $$ > child.pid; while true; do sleep 0.02; done", to: directory.appending(path: "app"))
        let pilot = try PilotAgent(
            environment: ["SERVICE_COMMAND": "./app"], arguments: ["run", "--stop-timeout", "500ms"], directory: directory)
        let pidFile = directory.appending(path: "child.pid")
        let childPID = try await Polling.until("the child to start") {
            (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        let sent = ContinuousClock.now
        pilot.send(SIGTERM)
        #expect(try await pilot.waitForExit() == 0)
        let took = ContinuousClock.now - sent
        #expect(took >= .milliseconds(500) && took < .seconds(3), "took \(took)")
        #expect(kill(childPID, 0) != 0, "the stubborn child must be gone")
        #expect(pilot.log.contains("did not stop within 500ms; killing its process group"))
    }

    @Test func restartNeverExitsWithTheServicesCodeAndDeregisters() async throws {
        try await withConsul(name: "sup-never") { consul, probe in
            let directory = try PilotAgent.workingDirectory(ping: "echo ok")
            let pilot = try PilotAgent(
                environment: HealthTests.environment(consul, name: "oneshot", command: "sh -c 'while [ ! -f done ]; do sleep 0.02; done; exit 3'"),
                arguments: ["run", "--restart", "never"], directory: directory)
            _ = try await probe.waitForStatus("oneshot", .passing)
            PilotAgent.touch(directory.appending(path: "done"))
            #expect(try await pilot.waitForExit() == 3)
            #expect(try await probe.instances("oneshot").isEmpty)
        }
    }

    @Test func reloadSignalsAreForwardedToTheService() async throws {
        let directory = try PilotAgent.workingDirectory()
        try PilotAgent.writeScript(
            "trap 'echo hup >> signals' HUP; trap 'echo usr1 >> signals' USR1; touch ready; while true; do sleep 0.02; done",
            to: directory.appending(path: "app"))
        let pilot = try PilotAgent(environment: ["SERVICE_COMMAND": "./app"], directory: directory)
        _ = try await Polling.until("the service to start") {
            FileManager.default.fileExists(atPath: directory.appending(path: "ready").path(percentEncoded: false)) ? true : nil
        }
        pilot.send(SIGHUP)
        pilot.send(SIGUSR1)
        let signals = try await Polling.until("both signals to arrive") { () -> String? in
            let text = try? String(contentsOf: directory.appending(path: "signals"), encoding: .utf8)
            return text?.split(separator: "\n").count == 2 ? text : nil
        }
        #expect(Set(signals.split(separator: "\n")) == ["hup", "usr1"])
        #expect(pilot.isRunning, "a forwarded SIGHUP must not stop pilot")
        pilot.send(SIGTERM)
        #expect(try await pilot.waitForExit() == 0)
    }
}
