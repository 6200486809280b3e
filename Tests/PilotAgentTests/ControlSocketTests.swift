import ConsulAPI
import Foundation
import Testing
import TestSupport

/// The control socket and the CLI commands that use it, through the real socket of a running agent.
@Suite(.serialized) struct ControlSocketTests {
    static func start(
        _ consul: ConsulDevAgent, directory: URL, extra: [String: String] = [:], arguments: [String] = []
    ) throws -> (PilotAgent, String) {
        let socket = directory.appending(path: "control.socket").path(percentEncoded: false)
        let pilot = try PilotAgent(
            environment: DiscoveryTests.environment(consul, directory: directory, extra: [
                "PILOT_CONTROL_SOCKET": socket, "SERVICE_NAME": "main", "SERVICE_PORT": "80",
                "SERVICE_INTERFACE": "static:127.0.0.1", "HOSTNAME": "ctl",
            ].merging(extra) { $1 }),
            arguments: ["run"] + arguments, directory: directory)
        return (pilot, socket)
    }

    static func waitForSocket(_ socket: String) async throws {
        _ = try await Polling.until("the control socket") { () -> Bool? in
            (try? UnixSocketHTTP.request(socket, "GET", "/v3/ping"))?.status == 200 ? true : nil
        }
    }

    @Test func pingStatusAndTheStatusCommandAnswerOverTheSocketWhichOnlyItsOwnerMayUse() async throws {
        try await withConsul(name: "ctl-status") { consul, probe in
            try await probe.addInstance("db", id: "db-1", address: "192.0.2.1", port: 5432)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db"]}"#, ping: "echo ok")
            let (pilot, socket) = try Self.start(consul, directory: directory, extra: ["SERVICE_COMMAND": "sleep 1000"])
            try await Self.waitForSocket(socket)
            #expect(try UnixSocketHTTP.request(socket, "GET", "/v3/ping").body == #"{"ok":true}"#)
            let mode = try FileManager.default.attributesOfItem(atPath: socket)[.posixPermissions] as? Int
            #expect(mode == 0o600)

            _ = try await probe.waitForStatus("main", .passing)
            let (status, body) = try UnixSocketHTTP.request(socket, "GET", "/v3/status")
            #expect(status == 200)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            let registration = try #require(object["registration"] as? [String: Any])
            #expect(registration["id"] as? String == "main-ctl")
            #expect(registration["check"] as? String == "passing")
            let process = try #require(object["process"] as? [String: Any])
            #expect(process["state"] as? String == "running")
            let dependencies = try #require(object["dependencies"] as? [[String: Any]])
            #expect(dependencies.first?["instances"] as? [String] == ["192.0.2.1:5432"])
            #expect((object["consul"] as? [String: Any])?["reachable"] as? Bool == true)
            #expect(object["version"] as? String == "0.1.0")

            let table = try PilotAgent(environment: [:], arguments: ["status", "--socket", socket], directory: directory)
            #expect(try await table.waitForExit() == 0)
            #expect(table.log.contains("service        main (main-ctl) at 127.0.0.1:80, registered\n"), "\(table.log)")
            #expect(table.log.contains("health         passing: ok\n"))
            #expect(table.log.contains("dependency db  192.0.2.1:5432\n"))
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
            #expect(!FileManager.default.fileExists(atPath: socket), "the socket goes with the agent")
        }
    }

    /// A socket file nobody listens on, as a killed agent leaves it.
    static func makeStaleSocket(_ path: String) throws {
        let result = try ProgramRun.run(
            URL(filePath: "/usr/bin/python3"), ["-c", "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", path])
        #expect(result.status == 0, "\(result)")
    }

    @Test func staleSocketIsRemovedButALiveAgentRefusesASecond() async throws {
        try await withConsul(name: "ctl-stale") { consul, _ in
            let directory = try PilotAgent.workingDirectory()
            let socket = directory.appending(path: "control.socket").path(percentEncoded: false)
            try Self.makeStaleSocket(socket)
            let (first, _) = try Self.start(consul, directory: directory)
            try await Self.waitForSocket(socket)
            let (second, _) = try Self.start(consul, directory: directory)
            #expect(try await second.waitForExit() == 2)
            #expect(second.log.contains("another pilot answers on the control socket \(socket)"))
            #expect(try UnixSocketHTTP.request(socket, "GET", "/v3/ping").status == 200, "the first agent still answers")
            first.send(SIGTERM)
            _ = try await first.waitForExit()
        }
    }

    @Test func aFileThatIsNotASocketAtTheControlSocketPathIsRefusedAndLeftAlone() async throws {
        try await withConsul(name: "ctl-notsock") { consul, _ in
            let directory = try PilotAgent.workingDirectory()
            let socket = directory.appending(path: "control.socket").path(percentEncoded: false)
            try Data("an operator's notes".utf8).write(to: URL(filePath: socket))
            let (pilot, _) = try Self.start(consul, directory: directory, extra: ["SERVICE_COMMAND": "sleep 1000"])
            #expect(try await pilot.waitForExit() == 2)
            #expect(pilot.log.contains("PILOT_CONTROL_SOCKET"), "\(pilot.log)")
            #expect(pilot.log.contains("exists and is not a socket"), "\(pilot.log)")
            #expect(try String(contentsOfFile: socket, encoding: .utf8) == "an operator's notes")
        }
    }

    @Test func maintenanceTakesTheServiceOutOfRotationAndBackWithinAnInterval() async throws {
        try await withConsul(name: "ctl-maint") { consul, probe in
            let directory = try PilotAgent.workingDirectory(ping: "echo ok")
            let (pilot, socket) = try Self.start(consul, directory: directory, arguments: ["--check-interval", "1s"])
            try await Self.waitForSocket(socket)
            _ = try await probe.waitForStatus("main", .passing)

            let on = try PilotAgent(
                environment: [:], arguments: ["maintenance", "on", "--reason", "deploy", "--socket", socket], directory: directory)
            #expect(try await on.waitForExit() == 0)
            let passing = try await probe.client.health.service("main", query: HealthServiceQuery(passingOnly: true)).value
            #expect(passing.isEmpty, "out of rotation")
            let checks = try await probe.instances("main").first?.checks ?? []
            #expect(checks.contains { $0.checkID.hasPrefix("_service_maintenance") && $0.notes == "deploy" })

            let off = try PilotAgent(environment: [:], arguments: ["maintenance", "off", "--socket", socket], directory: directory)
            #expect(try await off.waitForExit() == 0)
            let back = ContinuousClock.now
            _ = try await Polling.until("back in rotation") { () -> Bool? in
                let entries = try await probe.client.health.service("main", query: HealthServiceQuery(passingOnly: true)).value
                return entries.count == 1 ? true : nil
            }
            #expect(ContinuousClock.now - back < .seconds(1), "registered and passing again within one check interval")
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }

    @Test func reloadAddsAndRemovesADependencyWithoutRestartingTheService() async throws {
        try await withConsul(name: "ctl-reload") { consul, probe in
            try await probe.addInstance("db", id: "db-1", address: "192.0.2.1", port: 5432)
            try await probe.addInstance("cache", id: "cache-1", address: "192.0.2.2", port: 6379)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db"]}"#)
            let (pilot, socket) = try Self.start(
                consul, directory: directory, extra: ["SERVICE_COMMAND": "sh -c 'echo $$ >> pids; exec sleep 1000'"])
            try await pilot.waitForServicesFile("{\n  \"db\": [\"192.0.2.1:5432\"]\n}\n")
            try #"{"main": ["cache"]}"#.write(to: directory.appending(path: "serviceDependencies.json"), atomically: true, encoding: .utf8)
            let reload = try PilotAgent(environment: [:], arguments: ["reload", "--socket", socket], directory: directory)
            #expect(try await reload.waitForExit() == 0)
            #expect(reload.log == #"{"added":["cache"],"dependencies":["cache"],"removed":["db"],"templates":[]}"# + "\n")
            try await pilot.waitForServicesFile("{\n  \"cache\": [\"192.0.2.2:6379\"]\n}\n")
            let pids = try String(contentsOf: directory.appending(path: "pids"), encoding: .utf8)
            #expect(pids.split(separator: "\n").count == 1, "the service was not restarted")

            // A broken file is refused, and nothing changes.
            try "{\"main\": [".write(to: directory.appending(path: "serviceDependencies.json"), atomically: true, encoding: .utf8)
            let bad = try UnixSocketHTTP.request(socket, "POST", "/v3/reload")
            #expect(bad.status == 400)
            #expect(bad.body.contains("serviceDependencies.json:1:10: unterminated array"))
            #expect(pilot.servicesFile == "{\n  \"cache\": [\"192.0.2.2:6379\"]\n}\n")
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }

    @Test func environSetsVariablesForTheNextStart() async throws {
        try await withConsul(name: "ctl-environ") { consul, _ in
            let directory = try PilotAgent.workingDirectory()
            try PilotAgent.writeScript(
                "echo \"FEATURE=$FEATURE\" >> starts; echo $$ > child.pid; exec sleep 1000", to: directory.appending(path: "app"))
            let (pilot, socket) = try Self.start(consul, directory: directory, extra: ["SERVICE_COMMAND": "./app"])
            try await Self.waitForSocket(socket)
            let reply = try UnixSocketHTTP.request(socket, "POST", "/v3/environ", body: #"{"FEATURE": "on"}"#)
            #expect(reply.status == 200)
            #expect(reply.body == #"{"environment":{"FEATURE":"on"}}"#)
            let pid = try await Polling.until("the child") {
                (try? String(contentsOf: directory.appending(path: "child.pid"), encoding: .utf8))
                    .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            }
            kill(pid, SIGKILL)
            _ = try await Polling.until("the restart") {
                (try? String(contentsOf: directory.appending(path: "starts"), encoding: .utf8))?.split(separator: "\n").count == 2 ? true : nil
            }
            #expect(try String(contentsOf: directory.appending(path: "starts"), encoding: .utf8) == "FEATURE=\nFEATURE=on\n")
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }

    @Test func metricsNameTheWorkDoneOnTheSocketAndThePort() async throws {
        try await withConsul(name: "ctl-metrics") { consul, probe in
            try await probe.addInstance("db", id: "db-1", address: "192.0.2.1", port: 5432)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db"]}"#, ping: "echo ok")
            try PilotAgent.writeScript("trap 'echo hup' HUP; echo $$ > child.pid; while true; do sleep 0.02; done", to: directory.appending(path: "app"))
            let port = FreePorts.take(1)[0]
            let (pilot, socket) = try Self.start(
                consul, directory: directory, extra: ["SERVICE_COMMAND": "./app", "SERVICE_SIGNAL_CHANGED": "1"],
                arguments: ["--telemetry-port", "\(port)", "--telemetry-address", "127.0.0.1"])
            _ = try await probe.waitForStatus("main", .passing)
            try await probe.addInstance("db", id: "db-2", address: "192.0.2.2", port: 5432)
            try await pilot.waitForServicesFile("{\n  \"db\": [\"192.0.2.1:5432\", \"192.0.2.2:5432\"]\n}\n")
            _ = try await Polling.until("the signal") { pilot.log.contains("sent SIGHUP") ? true : nil }
            let pid = try #require(Int32(try String(contentsOf: directory.appending(path: "child.pid"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)))
            kill(pid, SIGKILL)
            let overSocket = try await Polling.until("the restart to be counted") { () -> [String]? in
                let samples = UnixSocketHTTP.samples(try UnixSocketHTTP.request(socket, "GET", "/metrics").body)
                return samples.contains(#"pilot_service_restarts_total{job="main"} 1"#) ? samples : nil
            }
            let overPort = try await Polling.until("the metrics port") { () -> [String]? in
                guard let reply = try? UnixSocketHTTP.request(nil, "GET", "http://127.0.0.1:\(port)/metrics"), reply.status == 200
                else { return nil }
                return UnixSocketHTTP.samples(reply.body)
            }
            for samples in [overSocket, overPort] {
                func value(_ prefix: String) -> Double? {
                    samples.first { $0.hasPrefix(prefix) }.flatMap { Double($0.split(separator: " ").last ?? "") }
                }
                #expect((value(#"pilot_health_checks_total{result="passing"}"#) ?? 0) >= 1)
                #expect((value("pilot_health_check_duration_seconds_count") ?? 0) >= 1)
                #expect(value(#"pilot_service_restarts_total{job="main"}"#) == 1)
                #expect(value(#"pilot_dependency_instances{dependency="db"}"#) == 2)
                #expect((value("pilot_services_file_writes_total") ?? 0) >= 2)
                #expect(value(#"pilot_signals_sent_total{signal="SIGHUP"}"#) == 1)
                #expect((value("pilot_propagation_delay_seconds_count") ?? 0) >= 1)
                #expect((value(#"consul_requests_total{route="PUT /v1/agent/service/register",status="200"}"#) ?? 0) >= 1)
                #expect((value(#"consul_requests_total{route="GET /v1/health/service/:name",status="200"}"#) ?? 0) >= 2)
                #expect((value("consul_blocking_query_wait_seconds_count") ?? 0) >= 1)
            }
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }
}
