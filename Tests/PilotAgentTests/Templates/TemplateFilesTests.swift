import ConsulAPI
import Foundation
import Testing
import TestSupport

/// pilot renders files from the registry with consul-template templates, through the real binary and a real
/// Consul.
@Suite(.serialized) struct TemplateFilesTests {
    static let upstream = """
        upstream api {
        {{- range service "api" }}
          server {{ .Address }}:{{ .Port }};
        {{- end }}
        }

        """

    static func environment(_ consul: ConsulDevAgent, extra: [String: String] = [:]) -> [String: String] {
        ["CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "PILOT_CONTROL_SOCKET": "off"].merging(extra) { $1 }
    }

    static func read(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

    @Test func rendersOnStartAndOnEachChangeAndRunsTheCommandOnlyWhenTheFileChanged() async throws {
        try await withConsul(name: "tpl-render") { consul, probe in
            try await probe.addInstance("api", id: "api-1", address: "192.0.2.1", port: 8080)
            let directory = try PilotAgent.workingDirectory()
            try Self.upstream.write(to: directory.appending(path: "upstream.ctmpl"), atomically: true, encoding: .utf8)
            let output = directory.appending(path: "conf/upstream.conf")
            let pilot = try PilotAgent(
                environment: Self.environment(consul),
                arguments: ["run", "--template", "upstream.ctmpl:conf/upstream.conf:echo run >> commands.log"],
                directory: directory)
            let first = try await Polling.until("the first render") { Self.read(output) }
            #expect(first == "upstream api {\n  server 192.0.2.1:8080;\n}\n")

            try await probe.addInstance("api", id: "api-2", address: "192.0.2.2", port: 8081)
            _ = try await Polling.until("the new instance rendered") { () -> Bool? in
                Self.read(output)?.contains("192.0.2.2:8081") == true ? true : nil
            }
            _ = try await Polling.until("the command run twice") { () -> Bool? in
                Self.read(directory.appending(path: "commands.log")) == "run\nrun\n" ? true : nil
            }
            // A change that leaves the rendered text as it is (another service) neither rewrites the file nor runs
            // the command: once api-3 is rendered, the command has run three times, not four.
            try await probe.addInstance("other", id: "other-1", address: "192.0.2.9", port: 1)
            try await probe.addInstance("api", id: "api-3", address: "192.0.2.3", port: 8082)
            _ = try await Polling.until("api-3 rendered and its command run") { () -> Bool? in
                Self.read(directory.appending(path: "commands.log"))?.count == 12 ? true : nil
            }
            #expect(Self.read(output)?.contains("192.0.2.3:8082") == true)
            try await Task.sleep(for: .milliseconds(200))
            #expect(Self.read(directory.appending(path: "commands.log")) == "run\nrun\nrun\n")
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }
}

/// What a registry outage and hostile files cannot make pilot do to a rendered file.
@Suite(.serialized) struct TemplateFileFaultTests {
    static func status(_ socket: String) throws -> [String: Any]? {
        let (_, body) = try UnixSocketHTTP.request(socket, "GET", "/v3/status")
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return (object?["templates"] as? [[String: Any]])?.first
    }

    @Test func aFileIsNeverWrittenFromPartialDataNorEmptiedWhileConsulIsAway() async throws {
        let consul = try ConsulDevAgent(name: "tpl-outage")
        let directory = try PilotAgent.workingDirectory()
        try TemplateFilesTests.upstream.write(
            to: directory.appending(path: "upstream.ctmpl"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(
            at: directory.appending(path: "conf"), withIntermediateDirectories: true)
        let output = directory.appending(path: "conf/upstream.conf")
        try "last known good\n".write(to: output, atomically: true, encoding: .utf8)
        let socket = directory.appending(path: "control.socket").path(percentEncoded: false)
        let pilot = try PilotAgent(
            environment: TemplateFilesTests.environment(consul, extra: ["PILOT_CONTROL_SOCKET": socket]),
            arguments: ["run", "--template", "upstream.ctmpl:conf/upstream.conf"], directory: directory)
        try await ControlSocketTests.waitForSocket(socket)
        // The first pass ran and waits for Consul's answer; the old file is untouched.
        let waiting = try await Polling.until("the template waiting for its query") { () -> [String]? in
            let waiting = try Self.status(socket)?["waitingFor"] as? [String] ?? []
            return waiting.isEmpty ? nil : waiting
        }
        #expect(waiting == ["service(api)"])
        #expect(TemplateFilesTests.read(output) == "last known good\n")

        try await consul.start()
        let probe = try ConsulProbe(consul)
        do {
            try await probe.addInstance("api", id: "api-1", address: "192.0.2.1", port: 80)
            _ = try await Polling.until("the render once Consul answers") { () -> Bool? in
                TemplateFilesTests.read(output)?.contains("192.0.2.1:80") == true ? true : nil
            }
            let rendered = TemplateFilesTests.read(output)
            consul.stop()
            _ = try await Polling.until("pilot seeing Consul gone") { () -> Bool? in
                let (_, body) = try UnixSocketHTTP.request(socket, "GET", "/v3/status")
                return body.contains(#""reachable":false"#) ? true : nil
            }
            #expect(TemplateFilesTests.read(output) == rendered, "an outage leaves the last rendered file")
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        } catch {
            await probe.shutdown()
            consul.stop()
            throw error
        }
        await probe.shutdown()
    }

    @Test func aLinkAtTheDestinationIsReplacedNotFollowedAndPermsAreApplied() async throws {
        try await withConsul(name: "tpl-link") { consul, probe in
            try await probe.addInstance("api", id: "api-1", address: "192.0.2.1", port: 80)
            let directory = try PilotAgent.workingDirectory()
            try TemplateFilesTests.upstream.write(
                to: directory.appending(path: "upstream.ctmpl"), atomically: true, encoding: .utf8)
            let target = directory.appending(path: "target")
            try "precious\n".write(to: target, atomically: true, encoding: .utf8)
            let output = directory.appending(path: "upstream.conf")
            try FileManager.default.createSymbolicLink(atPath: output.path, withDestinationPath: target.path)
            try """
                { templates: [{ source: "upstream.ctmpl", destination: "upstream.conf", perms: "0600" }] }
                """.write(to: directory.appending(path: "pilot.json5"), atomically: true, encoding: .utf8)
            let pilot = try PilotAgent(
                environment: TemplateFilesTests.environment(consul),
                arguments: ["run", "--config", "pilot.json5"], directory: directory)
            _ = try await Polling.until("the render") { () -> Bool? in
                TemplateFilesTests.read(output)?.contains("192.0.2.1:80") == true ? true : nil
            }
            #expect(TemplateFilesTests.read(target) == "precious\n", "the link's target is untouched")
            let attributes = try FileManager.default.attributesOfItem(atPath: output.path)
            #expect(attributes[.type] as? FileAttributeType == .typeRegular)
            #expect(attributes[.posixPermissions] as? Int == 0o600)
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }

    @Test func aDestinationUnderALinkedDirectoryIsWritten() async throws {
        try await withConsul(name: "tpl-linkdir") { consul, probe in
            try await probe.addInstance("api", id: "api-1", address: "192.0.2.1", port: 80)
            let directory = try PilotAgent.workingDirectory()
            try TemplateFilesTests.upstream.write(
                to: directory.appending(path: "upstream.ctmpl"), atomically: true, encoding: .utf8)
            // As /var/run is a link to /run on Debian.
            try FileManager.default.createDirectory(
                at: directory.appending(path: "real"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                atPath: directory.appending(path: "run").path,
                withDestinationPath: directory.appending(path: "real").path)
            let pilot = try PilotAgent(
                environment: TemplateFilesTests.environment(consul),
                arguments: ["run", "--template", "upstream.ctmpl:run/upstream.conf"], directory: directory)
            _ = try await Polling.until("the render through the linked directory") { () -> Bool? in
                let text = TemplateFilesTests.read(directory.appending(path: "real/upstream.conf"))
                return text?.contains("192.0.2.1:80") == true ? true : nil
            }
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }

    @Test func twoTemplatesWritingOneFileAreRefused() async throws {
        let directory = try PilotAgent.workingDirectory()
        try "x".write(to: directory.appending(path: "a.ctmpl"), atomically: true, encoding: .utf8)
        let pilot = try PilotAgent(
            environment: ["CONSUL_ADDR": "127.0.0.1:1", "PILOT_CONTROL_SOCKET": "off"],
            arguments: ["run", "--template", "a.ctmpl:out.conf", "--template", "a.ctmpl:out.conf:reload"],
            directory: directory)
        #expect(try await pilot.waitForExit() == 2)
        #expect(pilot.log.contains("two templates write this file"), "\(pilot.log)")
    }

    @Test func aTemplateThatDoesNotParseStopsPilotWithItsLineAndColumn() async throws {
        let directory = try PilotAgent.workingDirectory()
        try "upstream {\n{{ range service \"api\" }}{{ .Address | nosuch }}{{ end }}\n".write(
            to: directory.appending(path: "bad.ctmpl"), atomically: true, encoding: .utf8)
        let pilot = try PilotAgent(
            environment: ["CONSUL_ADDR": "127.0.0.1:1", "PILOT_CONTROL_SOCKET": "off"],
            arguments: ["run", "--template", "bad.ctmpl:out.conf"], directory: directory)
        #expect(try await pilot.waitForExit() == 2)
        #expect(pilot.log.contains("bad.ctmpl:2:"), "\(pilot.log)")
        #expect(pilot.log.contains("nosuch"), "\(pilot.log)")

        let missing = try PilotAgent(
            environment: [
                "CONSUL_ADDR": "127.0.0.1:1", "PILOT_CONTROL_SOCKET": "off", "PILOT_TEMPLATES": "gone.ctmpl:out.conf",
            ],
            arguments: ["run"], directory: directory)
        #expect(try await missing.waitForExit() == 2)
        #expect(missing.log.contains("gone.ctmpl"), "\(missing.log)")
    }
}

/// The other front ends: a ContainerPilot configuration's `templates`, and `pilot template`.
@Suite(.serialized) struct TemplateFrontEndTests {
    @Test func aContainerPilotConfigurationRendersItsTemplates() async throws {
        try await withConsul(name: "tpl-cp") { consul, probe in
            try await probe.addInstance("api", id: "api-1", address: "192.0.2.1", port: 80)
            let directory = try PilotAgent.workingDirectory()
            try TemplateFilesTests.upstream.write(
                to: directory.appending(path: "upstream.ctmpl"), atomically: true, encoding: .utf8)
            try """
                { consul: "127.0.0.1:\(consul.ports.http)", control: { socket: "\(directory.path)/cp.socket" },
                  jobs: [{ name: "app", exec: "sleep 1000" }],
                  templates: [{ source: "upstream.ctmpl", destination: "upstream.conf", command: "touch reloaded" }] }
                """.write(to: directory.appending(path: "cp.json5"), atomically: true, encoding: .utf8)
            let pilot = try PilotAgent(environment: [:], arguments: ["-config", "cp.json5"], directory: directory)
            _ = try await Polling.until("the render and its command") { () -> Bool? in
                FileManager.default.fileExists(atPath: directory.appending(path: "reloaded").path) ? true : nil
            }
            let upstream = TemplateFilesTests.read(directory.appending(path: "upstream.conf"))
            #expect(upstream?.contains("192.0.2.1:80") == true)
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }

    @Test func pilotTemplatePrintsTheRenderOnceEveryQueryIsAnswered() async throws {
        try await withConsul(name: "tpl-cli") { consul, probe in
            try await probe.addInstance("api", id: "api-1", address: "192.0.2.1", port: 80)
            let directory = try PilotAgent.workingDirectory()
            try TemplateFilesTests.upstream.write(
                to: directory.appending(path: "upstream.ctmpl"), atomically: true, encoding: .utf8)
            let once = try PilotAgent(
                environment: ["CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)"],
                arguments: ["template", "upstream.ctmpl", "--once", "--dry"], directory: directory)
            #expect(try await once.waitForExit() == 0)
            #expect(once.log == "upstream api {\n  server 192.0.2.1:80;\n}\n", "\(once.log)")

            let away = try PilotAgent(
                environment: ["CONSUL_ADDR": "127.0.0.1:1"],
                arguments: ["template", "upstream.ctmpl", "--once", "--timeout", "500ms"], directory: directory)
            #expect(try await away.waitForExit() == 1)
            #expect(
                away.log.contains("no complete render within 500ms: no answer from Consul for service(api)"),
                "\(away.log)")
        }
    }
}

/// A template that takes long to render must not hold SIGTERM: the render is abandoned.
@Suite(.serialized) struct TemplateShutdownTests {
    @Test func sigtermEndsPilotDuringALongRender() async throws {
        let directory = try PilotAgent.workingDirectory()
        // No query: it renders at once, for a long time (10^10 empty iterations).
        try "{{ range loop 100000 }}{{ range loop 100000 }}{{ end }}{{ end }}".write(
            to: directory.appending(path: "slow.ctmpl"), atomically: true, encoding: .utf8)
        let pilot = try PilotAgent(
            environment: ["CONSUL_ADDR": "127.0.0.1:1", "PILOT_CONTROL_SOCKET": "off"],
            arguments: ["run", "--template", "slow.ctmpl:slow.out"], directory: directory)
        // The render starts as pilot starts; give it time to be well inside its loops.
        try await Task.sleep(for: .milliseconds(500))
        let signalled = ContinuousClock.now
        pilot.send(SIGTERM)
        #expect(try await pilot.waitForExit(timeout: .seconds(30)) == 0)
        #expect(ContinuousClock.now - signalled < .seconds(3), "SIGTERM waited for the render")
        #expect(!pilot.log.contains("template failed"), "\(pilot.log)")
    }
}
