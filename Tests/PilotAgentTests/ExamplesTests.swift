import ConsulAPI
import Foundation
import Testing
import TestSupport

/// The files in `examples/` work as written.
@Suite(.serialized) struct ExamplesTests {
    static let examples = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "examples")

    @Test func runitRunScriptAndWrapperStartPilotWhichRegistersTheService() async throws {
        try await withConsul(name: "examples-runit") { consul, probe in
            let directory = try PilotAgent.workingDirectory(ping: "echo ok")
            try "{\"web\": [\"db\"], \"db\": []}".write(
                to: directory.appending(path: "serviceDependencies.json"), atomically: true, encoding: .utf8)
            let socket = directory.appending(path: "stale.socket")
            try Data("stale".utf8).write(to: socket)
            let binaries = PilotAgent.executable.deletingLastPathComponent().path(percentEncoded: false)
            let run = try PilotAgent(
                environment: [
                    "PATH": "\(binaries):/usr/bin:/bin", "APP_DIR": directory.path(percentEncoded: false),
                    "PILOT_WRAPPER": Self.examples.appending(path: "containerpilot.sh").path(percentEncoded: false),
                    "PILOT_CONTROL_SOCKET": socket.path(percentEncoded: false), "SERVICE_COMMAND": "sleep 1000",
                    "CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "SERVICE_INTERFACE": "static:127.0.0.1",
                    "HOSTNAME": "example",
                ],
                arguments: [], directory: directory,
                wrapper: [Self.examples.appending(path: "runit/run").path(percentEncoded: false)])
            let check = try await probe.waitForStatus("web", .passing)
            #expect(check.serviceID == "web-example")
            // The stale file is gone: in its place pilot's own socket answers.
            _ = try await Polling.until("pilot's own control socket") { () -> Bool? in
                (try? UnixSocketHTTP.request(socket.path(percentEncoded: false), "GET", "/v3/ping"))?.status == 200 ? true : nil
            }
            #expect(run.log.contains("1 file checked: no problems"), "the wrapper lints the dependency file")
            // The scripts exec, so the process started is pilot itself, and SIGTERM reaches it.
            run.send(SIGTERM)
            #expect(try await run.waitForExit() == 0)
            #expect(try await probe.instances("web").isEmpty)
        }
    }

    @Test func wrapperStopsOnABrokenDependencyFileNamingThePlace() async throws {
        let directory = try PilotAgent.workingDirectory()
        try "{\n  \"web\": [\"db\",\n}\n".write(
            to: directory.appending(path: "serviceDependencies.json"), atomically: true, encoding: .utf8)
        let binaries = PilotAgent.executable.deletingLastPathComponent().path(percentEncoded: false)
        let run = try PilotAgent(
            environment: ["PATH": "\(binaries):/usr/bin:/bin", "PILOT_CONTROL_SOCKET": "/nonexistent/socket"],
            arguments: [], directory: directory,
            wrapper: [Self.examples.appending(path: "containerpilot.sh").path(percentEncoded: false)])
        #expect(try await run.waitForExit() == 2)
        #expect(run.log.contains("serviceDependencies.json:3:1: error: unexpected '}'; expected a value"), "\(run.log)")
    }

    @Test func dockerfileCopiesOnlyFilesThatExist() throws {
        let root = Self.examples.deletingLastPathComponent()
        let dockerfile = try String(contentsOf: Self.examples.appending(path: "Dockerfile"), encoding: .utf8)
        let sources = dockerfile.split(separator: "\n")
            .filter { $0.hasPrefix("COPY ") && !$0.contains("--from=") }
            .flatMap { $0.split(separator: " ").dropFirst().dropLast() }
        #expect(sources.count >= 5)
        for source in sources {
            #expect(FileManager.default.fileExists(atPath: root.appending(path: String(source)).path(percentEncoded: false)), "\(source)")
        }
        // The image carries the deployed build: static, with every weight lever of scripts/build-pilot.
        #expect(dockerfile.contains("RUN scripts/build-pilot /pilot"))
        let build = try String(contentsOf: root.appending(path: "scripts/build-pilot"), encoding: .utf8)
        #expect(build.contains("--static-swift-stdlib"))
    }
}
