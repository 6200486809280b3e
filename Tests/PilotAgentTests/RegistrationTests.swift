import ConsulAPI
import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct RegistrationTests {
    @Test func registersExactNameIDAddressAndPortThenDeregistersOnSIGTERM() async throws {
        try await withConsul(name: "reg-exact") { consul, probe in
            let pilot = try PilotAgent(
                environment: [
                    "CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "SERVICE_NAME": "web", "SERVICE_PORT": "8080",
                    "SERVICE_INTERFACE": "static:192.0.2.7", "HOSTNAME": "h1", "SERVICE_COMMAND": "sleep 1000",
                ],
                directory: try PilotAgent.workingDirectory(ping: "echo pong"))
            let check = try await probe.waitForStatus("web", .passing)
            #expect(check.checkID == "service:web-h1")
            #expect(check.output == "pong\n")
            let entry = try #require(try await probe.instances("web").first)
            #expect(entry.service.id == "web-h1")
            #expect(entry.service.name == "web")
            #expect(entry.service.address == "192.0.2.7")
            #expect(entry.service.port == 8080)

            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
            #expect(try await probe.instances("web").isEmpty)
        }
    }

    @Test func prefixAppliesToNameAndID() async throws {
        try await withConsul(name: "reg-prefix") { consul, probe in
            let pilot = try PilotAgent(
                environment: [
                    "CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "CONSUL_PREFIX": "stage-", "SERVICE_NAME": "api",
                    "SERVICE_PORT": "9000", "SERVICE_INTERFACE": "static:127.0.0.1", "HOSTNAME": "box",
                ],
                directory: try PilotAgent.workingDirectory(ping: "exit 0"))
            let check = try await probe.waitForStatus("stage-api", .passing)
            #expect(check.serviceID == "stage-api-box")
            #expect(try await probe.instances("api").isEmpty)
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }

    @Test func registersCriticalBeforeTheFirstVerdict() async throws {
        try await withConsul(name: "reg-starting") { consul, probe in
            let directory = try PilotAgent.workingDirectory(ping: "while [ ! -f release ]; do sleep 0.02; done; echo ready")
            let pilot = try PilotAgent(
                environment: [
                    "CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "SERVICE_NAME": "slow", "SERVICE_PORT": "80",
                    "SERVICE_INTERFACE": "static:127.0.0.1",
                ],
                directory: directory)
            // Registered while the first ping still runs: visible, but critical, not passing.
            let starting = try await probe.waitForStatus("slow", .critical)
            #expect(starting.output.isEmpty)
            PilotAgent.touch(directory.appending(path: "release"))
            let passing = try await probe.waitForStatus("slow", .passing)
            #expect(passing.output == "ready\n")
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }

    @Test func consulRestartedMidRunGetsTheServiceBackWithinAnInterval() async throws {
        try await withConsul(name: "reg-restart") { consul, probe in
            let pilot = try PilotAgent(
                environment: [
                    "CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "SERVICE_NAME": "phoenix", "SERVICE_PORT": "80",
                    "SERVICE_INTERFACE": "static:127.0.0.1", "SERVICE_COMMAND": "sleep 1000",
                ],
                arguments: ["run", "--check-interval", "1s"],
                directory: try PilotAgent.workingDirectory(ping: "echo alive"))
            _ = try await probe.waitForStatus("phoenix", .passing)

            // A dev agent keeps nothing across a restart: the registration is gone until pilot re-registers.
            try await consul.restart()
            let back = ContinuousClock.now
            _ = try await probe.waitForStatus("phoenix", .passing, timeout: .seconds(10))
            let delay = ContinuousClock.now - back
            #expect(delay < .seconds(2), "back after \(delay); the interval is 1s")
            #expect(pilot.isRunning)
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }

    @Test func consulUnreachableKeepsTheServiceRunningAndLogsOncePerChange() async throws {
        let directory = try PilotAgent.workingDirectory(ping: "exit 0")
        let port = FreePorts.take(1)[0]
        let pilot = try PilotAgent(
            environment: [
                "CONSUL_ADDR": "127.0.0.1:\(port)", "SERVICE_NAME": "lonely", "SERVICE_PORT": "80",
                "SERVICE_INTERFACE": "static:127.0.0.1",
                "SERVICE_COMMAND": "sh -c 'echo $$ > child.pid; exec sleep 1000'", "LOG_LEVEL": "debug",
            ],
            arguments: ["run", "--check-interval", "500ms"],
            directory: directory)
        let pidFile = directory.appending(path: "child.pid")
        let childPID = try await Polling.until("the child to write its pid") {
            (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        // Several retries (backoff from 250 ms, logged at debug level), yet one error line about them.
        _ = try await Polling.until("four retries", timeout: .seconds(15)) {
            pilot.log.components(separatedBy: "retrying registration").count - 1 >= 4 ? true : nil
        }
        #expect(kill(childPID, 0) == 0, "the managed service must keep running")
        #expect(pilot.log.components(separatedBy: "cannot reach Consul").count - 1 == 1, "log:\n\(pilot.log)")
        pilot.send(SIGTERM)
        #expect(try await pilot.waitForExit() == 0)
    }
}
