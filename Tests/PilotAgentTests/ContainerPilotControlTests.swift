import ConsulAPI
import Foundation
import Testing
import TestSupport

/// ContainerPilot's control commands (`pilot -ping`, `-maintenance`, `-putenv`, `-putmetric`, `-reload`) against a
/// running agent, through its real control socket: found from a ContainerPilot configuration's `control.socket`
/// or from `PILOT_CONTROL_SOCKET`.
@Suite(.serialized) struct ContainerPilotControlTests {
    @Test func controlCommandsReachTheAgentNamedByTheConfigurationsSocket() async throws {
        try await withConsul(name: "cp-control") { consul, probe in
            let directory = try PilotAgent.workingDirectory(ping: "echo ok")
            let (pilot, socket) = try ControlSocketTests.start(
                consul, directory: directory, extra: ["SERVICE_COMMAND": "sleep 1000"],
                arguments: ["--check-interval", "1s"])
            try await ControlSocketTests.waitForSocket(socket)
            _ = try await probe.waitForStatus("main", .passing)
            // The socket comes from the configuration file, as ContainerPilot's commands find it.
            try #"{ consul: "localhost:8500", control: { socket: "\#(socket)" } }"#.write(
                to: directory.appending(path: "cp.json5"), atomically: true, encoding: .utf8)

            let ping = try await Self.pilot(["-config", "cp.json5", "-ping"], in: directory)
            #expect(ping.status == 0)
            #expect(ping.log == "ok\n", "\(ping.log)")

            #expect(try await Self.pilot(["-config", "cp.json5", "-maintenance", "enable"], in: directory).status == 0)
            let passing = try await probe.client.health.service("main", query: HealthServiceQuery(passingOnly: true))
            #expect(passing.value.isEmpty, "out of rotation")
            #expect(try await Self.pilot(["-config", "cp.json5", "-maintenance=disable"], in: directory).status == 0)
            _ = try await Polling.until("back in rotation") { () -> Bool? in
                let entries = try await probe.client.health.service("main", query: HealthServiceQuery(passingOnly: true))
                return entries.value.count == 1 ? true : nil
            }

            // Without a configuration, PILOT_CONTROL_SOCKET names the socket.
            let putenv = try await Self.pilot(
                ["-putenv", "GREETING=a=b", "-putenv", "OTHER=1"], in: directory, environment: ["PILOT_CONTROL_SOCKET": socket])
            #expect(putenv.status == 0, "\(putenv.log)")
            // /v3/env (the documented spelling of /v3/environ) answers with the service's environment so far:
            // the value set by -putenv is whole, "=" and all.
            let environ = try UnixSocketHTTP.request(socket, "POST", "/v3/env", body: #"{"A":"1"}"#)
            #expect(environ.status == 200)
            #expect(environ.body.contains(#""GREETING":"a=b""#), "\(environ.body)")

            // No telemetry metric is configured: refused by name, exit 1, never dropped without a word.
            let metric = try await Self.pilot(
                ["-putmetric", "jobs_done=3"], in: directory, environment: ["PILOT_CONTROL_SOCKET": socket])
            #expect(metric.status == 1)
            #expect(metric.log.contains("no such metric: jobs_done"), "\(metric.log)")

            #expect(try await Self.pilot(["-config", "cp.json5", "-reload"], in: directory).status == 0)

            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
            let gone = try await Self.pilot(["-config", "cp.json5", "-ping"], in: directory)
            #expect(gone.status == 1, "no agent answers: a failure at run time")
        }
    }

    /// Runs `pilot` with `arguments` to its end; its exit status and everything it printed.
    static func pilot(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) async throws
        -> (status: Int32, log: String)
    {
        let run = try PilotAgent(environment: environment, arguments: arguments, directory: directory)
        let status = try await run.waitForExit()
        return (status, run.log)
    }
}
