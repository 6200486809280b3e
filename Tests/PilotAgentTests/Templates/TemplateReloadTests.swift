import ConsulAPI
import Foundation
import Testing
import TestSupport

/// A reload reads the templates again, as consul-template does on SIGHUP: a changed template renders anew, a
/// bad one refuses the reload and leaves the running set as it was.
@Suite(.serialized) struct TemplateReloadTests {
    @Test func pilotReloadRendersAChangedTemplateAndRefusesABrokenOne() async throws {
        try await withConsul(name: "tpl-reload") { consul, probe in
            try await probe.addInstance("api", id: "api-1", address: "192.0.2.1", port: 80)
            let directory = try PilotAgent.workingDirectory()
            let source = directory.appending(path: "api.ctmpl")
            try #"{{ range service "api" }}{{ .Address }}{{ end }}"#.write(
                to: source, atomically: true, encoding: .utf8)
            try #"{ templates: ["api.ctmpl:api.txt"] }"#.write(
                to: directory.appending(path: "pilot.json5"), atomically: true, encoding: .utf8)
            let socket = directory.appending(path: "control.socket").path(percentEncoded: false)
            let pilot = try PilotAgent(
                environment: TemplateFilesTests.environment(consul, extra: ["PILOT_CONTROL_SOCKET": socket]),
                arguments: ["run", "--config", "pilot.json5"], directory: directory)
            let output = directory.appending(path: "api.txt")
            _ = try await Polling.until("the first render") { () -> Bool? in
                TemplateFilesTests.read(output) == "192.0.2.1" ? true : nil
            }

            try #"{{ range service "api" }}{{ .Address }}:{{ .Port }}{{ end }}"#.write(
                to: source, atomically: true, encoding: .utf8)
            let reloaded = try UnixSocketHTTP.request(socket, "POST", "/v3/reload")
            #expect(reloaded.status == 200, "\(reloaded)")
            #expect(reloaded.body.contains("api.txt"), "\(reloaded)")
            _ = try await Polling.until("the changed template rendered") { () -> Bool? in
                TemplateFilesTests.read(output) == "192.0.2.1:80" ? true : nil
            }

            try #"{{ range service "api" }}{{ .Address | nosuch }}{{ end }}"#.write(
                to: source, atomically: true, encoding: .utf8)
            let refused = try UnixSocketHTTP.request(socket, "POST", "/v3/reload")
            #expect(refused.status == 400, "\(refused)")
            #expect(refused.body.contains("api.ctmpl:1:"), "\(refused)")
            // The running set is untouched: a change still renders with the last good template.
            try await probe.addInstance("api", id: "api-2", address: "192.0.2.2", port: 81)
            _ = try await Polling.until("the new instance rendered") { () -> Bool? in
                TemplateFilesTests.read(output) == "192.0.2.1:80192.0.2.2:81" ? true : nil
            }
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }

    @Test func aContainerPilotReloadReadsItsTemplatesAgain() async throws {
        try await withConsul(name: "tpl-cp-reload") { consul, probe in
            try await probe.addInstance("api", id: "api-1", address: "192.0.2.1", port: 80)
            let directory = try PilotAgent.workingDirectory()
            let source = directory.appending(path: "api.ctmpl")
            try #"{{ range service "api" }}{{ .Address }}{{ end }}"#.write(
                to: source, atomically: true, encoding: .utf8)
            let socket = directory.appending(path: "cp.socket").path(percentEncoded: false)
            try """
                { consul: "127.0.0.1:\(consul.ports.http)", control: { socket: "\(socket)" },
                  jobs: [{ name: "app", exec: "sleep 1000" }], templates: ["api.ctmpl:api.txt"] }
                """.write(to: directory.appending(path: "cp.json5"), atomically: true, encoding: .utf8)
            let pilot = try PilotAgent(environment: [:], arguments: ["-config", "cp.json5"], directory: directory)
            let output = directory.appending(path: "api.txt")
            _ = try await Polling.until("the first render") { () -> Bool? in
                TemplateFilesTests.read(output) == "192.0.2.1" ? true : nil
            }
            try #"{{ range service "api" }}port {{ .Port }}{{ end }}"#.write(
                to: source, atomically: true, encoding: .utf8)
            #expect(try UnixSocketHTTP.request(socket, "POST", "/v3/reload").status == 200)
            _ = try await Polling.until("the changed template rendered") { () -> Bool? in
                TemplateFilesTests.read(output) == "port 80" ? true : nil
            }
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }
}
