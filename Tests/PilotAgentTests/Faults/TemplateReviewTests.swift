import ConsulAPI
import Foundation
import Testing
import TestSupport

/// Review repros for the template runner: each test states what consul-template (or the issue / house rules)
/// promise; each FAILS on main's 36e8729 (and 06186f6, but the reload test).
@Suite(.serialized) struct TemplateReviewTests {
    static func environment(_ consul: ConsulDevAgent) -> [String: String] {
        ["CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "PILOT_CONTROL_SOCKET": "off"]
    }

    static func read(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

    /// A query that stopped being watched keeps its old answer in TemplateRenderState.answers; when a template
    /// asks it again, the stale answer is rendered (and the command run) before the new watch answers.
    @Test func aQueryWatchedAgainIsNotRenderedFromItsStaleAnswer() async throws {
        try await withConsul(name: "rv-stale") { consul, probe in
            _ = try await probe.client.kv.put("on", string: "1")
            _ = try await probe.client.kv.put("v", string: "A")
            let directory = try PilotAgent.workingDirectory()
            try "{{ if keyExists \"on\" }}v={{ key \"v\" }}{{ end }}\n".write(
                to: directory.appending(path: "t.ctmpl"), atomically: true, encoding: .utf8)
            let output = directory.appending(path: "out.conf")
            let log = directory.appending(path: "commands.log")
            let pilot = try PilotAgent(
                environment: Self.environment(consul),
                arguments: ["run", "--template", "t.ctmpl:out.conf:cat out.conf >> commands.log"],
                directory: directory)
            _ = try await Polling.until("v=A") { Self.read(log) == "v=A\n" ? true : nil }
            _ = try await probe.client.kv.delete("on")
            _ = try await Polling.until("switched off") { Self.read(log) == "v=A\n\n" ? true : nil }
            _ = try await probe.client.kv.put("v", string: "B")
            try await Task.sleep(for: .milliseconds(300))
            _ = try await probe.client.kv.put("on", string: "1")
            _ = try await Polling.until("v=B rendered") { Self.read(output) == "v=B\n" ? true : nil }
            _ = try await Polling.until("v=B command") { Self.read(log)?.hasSuffix("v=B\n") == true ? true : nil }
            #expect(Self.read(log) == "v=A\n\nv=B\n", "the stale v=A was written and its command run again")
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }

    /// consul-template runs a command shared by several templates once per render pass (runner.go dedups the
    /// command strings); pilot runs it once per template, concurrently.
    @Test func aCommandSharedByTwoTemplatesRunsOncePerPass() async throws {
        try await withConsul(name: "rv-dedup") { consul, probe in
            try await probe.addInstance("api", id: "api-1", address: "192.0.2.1", port: 80)
            let directory = try PilotAgent.workingDirectory()
            let text = "{{ range service \"api\" }}{{ .Address }} {{ end }}\n"
            try text.write(to: directory.appending(path: "a.ctmpl"), atomically: true, encoding: .utf8)
            try ("# b\n" + text).write(to: directory.appending(path: "b.ctmpl"), atomically: true, encoding: .utf8)
            let log = directory.appending(path: "commands.log")
            let pilot = try PilotAgent(
                environment: Self.environment(consul),
                arguments: [
                    "run", "--template", "a.ctmpl:a.out:echo reload >> commands.log",
                    "--template", "b.ctmpl:b.out:echo reload >> commands.log",
                ],
                directory: directory)
            _ = try await Polling.until("first pass") { Self.read(log) != nil ? true : nil }
            try await probe.addInstance("api", id: "api-2", address: "192.0.2.2", port: 80)
            _ = try await Polling.until("both rendered") { () -> Bool? in
                Self.read(directory.appending(path: "b.out"))?.contains("192.0.2.2") == true ? true : nil
            }
            try await Task.sleep(for: .milliseconds(500))
            #expect(Self.read(log) == "reload\nreload\n", "one reload per pass, got: \(Self.read(log) ?? "")")
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }

    /// consul-template keeps the owner and group of a file already at the destination (#1185, #1473);
    /// pilot (root) replaces it with a root-owned file.
    @Test func anExistingFileKeepsItsOwnerAndGroup() async throws {
        try await withConsul(name: "rv-owner") { consul, probe in
            try await probe.addInstance("api", id: "api-1", address: "192.0.2.1", port: 80)
            let directory = try PilotAgent.workingDirectory()
            try "{{ range service \"api\" }}{{ .Address }}{{ end }}\n".write(
                to: directory.appending(path: "t.ctmpl"), atomically: true, encoding: .utf8)
            let output = directory.appending(path: "out.conf")
            try "old\n".write(to: output, atomically: true, encoding: .utf8)
            #expect(chown(output.path, 65534, 65534) == 0)
            #expect(chmod(output.path, 0o640) == 0)
            let pilot = try PilotAgent(
                environment: Self.environment(consul), arguments: ["run", "--template", "t.ctmpl:out.conf"],
                directory: directory)
            _ = try await Polling.until("render") { Self.read(output) == "192.0.2.1\n" ? true : nil }
            let attributes = try FileManager.default.attributesOfItem(atPath: output.path)
            #expect(attributes[.posixPermissions] as? Int == 0o640)
            #expect(attributes[.ownerAccountID] as? Int == 65534, "owner now \(attributes[.ownerAccountID] ?? "")")
            #expect(attributes[.groupOwnerAccountID] as? Int == 65534)
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }

    /// "Written like services.json": services.json retries a failed write until it succeeds; a template's
    /// failed write is never retried until the registry changes again.
    @Test func aFailedWriteIsRetried() async throws {
        try await withConsul(name: "rv-retry") { consul, probe in
            try await probe.addInstance("api", id: "api-1", address: "192.0.2.1", port: 80)
            let directory = try PilotAgent.workingDirectory()
            try "{{ range service \"api\" }}{{ .Address }}{{ end }}\n".write(
                to: directory.appending(path: "t.ctmpl"), atomically: true, encoding: .utf8)
            // A regular file where the destination's directory must be: the write fails.
            try "blocker\n".write(to: directory.appending(path: "sub"), atomically: true, encoding: .utf8)
            let pilot = try PilotAgent(
                environment: Self.environment(consul), arguments: ["run", "--template", "t.ctmpl:sub/out.conf"],
                directory: directory)
            try await pilot.waitForLog("cannot write")
            try FileManager.default.removeItem(at: directory.appending(path: "sub"))
            let output = directory.appending(path: "sub/out.conf")
            let written = try? await Polling.until("the retried write", timeout: .seconds(10)) {
                Self.read(output)
            }
            #expect(written == "192.0.2.1\n", "never retried")
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }

    /// A file deleted by someone else is rewritten at the next render (consul-template compares with the file
    /// on disk; services.json repairs it); pilot compares with a cached copy and leaves it deleted.
    @Test func aDeletedFileIsRewrittenAtTheNextRender() async throws {
        try await withConsul(name: "rv-repair") { consul, probe in
            try await probe.client.agent.register(
                AgentServiceRegistration(name: "api", id: "api-1", address: "192.0.2.1", port: 80, tags: ["one"]))
            let directory = try PilotAgent.workingDirectory()
            try "{{ range service \"api\" }}{{ .Address }}{{ end }}\n".write(
                to: directory.appending(path: "a.ctmpl"), atomically: true, encoding: .utf8)
            try "{{ range service \"api\" }}{{ .Tags }}{{ end }}\n".write(
                to: directory.appending(path: "tags.ctmpl"), atomically: true, encoding: .utf8)
            let output = directory.appending(path: "a.out")
            let tags = directory.appending(path: "tags.out")
            let pilot = try PilotAgent(
                environment: Self.environment(consul),
                arguments: ["run", "--template", "a.ctmpl:a.out", "--template", "tags.ctmpl:tags.out"],
                directory: directory)
            _ = try await Polling.until("render") { Self.read(output) == "192.0.2.1\n" ? true : nil }
            try FileManager.default.removeItem(at: output)
            // The same query answers anew (a tag changed): both templates render in one pass.
            try await probe.client.agent.register(
                AgentServiceRegistration(name: "api", id: "api-1", address: "192.0.2.1", port: 80, tags: ["two"]))
            _ = try await Polling.until("the pass") { Self.read(tags) == "[two]\n" ? true : nil }
            try await Task.sleep(for: .milliseconds(300))
            #expect(Self.read(output) == "192.0.2.1\n", "the deleted file was not rewritten")
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }
    /// consul-template runs the commands of a pass after every template of the pass is written; pilot starts a
    /// template's command as soon as its own file is written, so `nginx -s reload` for the first template can
    /// read the second template's old file.
    @Test func aPassWritesEveryFileBeforeAnyCommandRuns() async throws {
        try await withConsul(name: "rv-order") { consul, probe in
            try await probe.addInstance("api", id: "api-0", address: "192.0.2.100", port: 80)
            let directory = try PilotAgent.workingDirectory()
            let text = "{{ range service \"api\" }}{{ .Address }} {{ end }}\n"
            try text.write(to: directory.appending(path: "a.ctmpl"), atomically: true, encoding: .utf8)
            // b's render takes a while (a large file over many services would): a's command must still wait.
            try (text + "{{ range loop 100000 }}{{ end }}").write(
                to: directory.appending(path: "b.ctmpl"), atomically: true, encoding: .utf8)
            let seen = directory.appending(path: "seen.log")
            let pilot = try PilotAgent(
                environment: Self.environment(consul),
                arguments: [
                    "run", "--template", "a.ctmpl:a.out:{ cat b.out || echo MISSING; } >> seen.log",
                    "--template", "b.ctmpl:b.out",
                ],
                directory: directory)
            let first = try await Polling.until("first pass") { () -> String? in
                let text = Self.read(seen) ?? ""
                return text.hasSuffix("\n") ? text : nil
            }
            #expect(first == "192.0.2.100 \n", "a's first command ran before b.out existed: \(first)")
            var stale = 0
            for index in 1...8 {
                try await probe.addInstance("api", id: "api-\(index)", address: "192.0.2.\(index)", port: 80)
                let line = try await Polling.until("command \(index)") { () -> String? in
                    let lines = Self.read(seen)?.split(separator: "\n") ?? []
                    return lines.count == index + 1 ? String(lines[index]) : nil
                }
                if !line.contains("192.0.2.\(index) ") { stale += 1 }
                try await Task.sleep(for: .milliseconds(150))
            }
            #expect(stale == 0, "the command of a.out saw b.out's old content \(stale) times of 8")
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }
    /// A reload while a template's command runs, with a rerun owed (the file changed again meanwhile): the
    /// reload resets `commandAgain` and ignores the old command's end, and the new set finds the file already
    /// holding its text, so the command never runs for the last content.
    @Test func aReloadDoesNotDropARerunOwedToTheCommand() async throws {
        try await withConsul(name: "rv-reload") { consul, probe in
            _ = try await probe.client.kv.put("v", string: "1")
            let directory = try PilotAgent.workingDirectory()
            try "{{ key \"v\" }}\n".write(to: directory.appending(path: "t.ctmpl"), atomically: true, encoding: .utf8)
            try """
                { templates: [{ source: "t.ctmpl", destination: "out.conf",
                                command: "cat out.conf > snap; sleep 1; cat snap >> seen.log" }] }
                """.write(to: directory.appending(path: "pilot.json5"), atomically: true, encoding: .utf8)
            let socket = directory.appending(path: "control.socket").path(percentEncoded: false)
            var environment = Self.environment(consul)
            environment["PILOT_CONTROL_SOCKET"] = socket
            let pilot = try PilotAgent(
                environment: environment, arguments: ["run", "--config", "pilot.json5"], directory: directory)
            let seen = directory.appending(path: "seen.log")
            _ = try await Polling.until("first command") { Self.read(seen) == "1\n" ? true : nil }
            _ = try await probe.client.kv.put("v", string: "2")
            _ = try await Polling.until("2 written") {
                Self.read(directory.appending(path: "out.conf")) == "2\n" ? true : nil
            }
            try await Task.sleep(for: .milliseconds(200))
            _ = try await probe.client.kv.put("v", string: "3")
            _ = try await Polling.until("3 written") {
                Self.read(directory.appending(path: "out.conf")) == "3\n" ? true : nil
            }
            #expect(try UnixSocketHTTP.request(socket, "POST", "/v3/reload").status == 200)
            let last = try? await Polling.until("a command run for 3", timeout: .seconds(6)) { () -> Bool? in
                Self.read(seen)?.hasSuffix("3\n") == true ? true : nil
            }
            #expect(last == true, "commands saw: \(Self.read(seen) ?? "")")
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }
}

