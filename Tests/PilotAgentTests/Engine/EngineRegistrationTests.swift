import ConsulAPI
import Foundation
import Glibc
import Testing
import TestSupport

/// A ContainerPilot configuration's services in a real Consul, through the real `pilot -config`: ContainerPilot's
/// IDs, tags, meta and `initial_status`; a failing check critical at once (ContainerPilot waits for the TTL);
/// maintenance kept when Consul loses the registration (ContainerPilot's #577); watches with `tag`.
@Suite(.serialized) struct EngineRegistrationTests {
    static var hostname: String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func start(_ consul: ConsulDevAgent, _ body: String, in directory: URL) throws -> PilotAgent {
        try write(consul, body, in: directory)
        return try PilotAgent(environment: [:], arguments: ["-config", "cp.json5"], directory: directory)
    }

    static func write(_ consul: ConsulDevAgent, _ body: String, in directory: URL) throws {
        try """
            {
              consul: "\(consul.httpAddress.hostAndPort)",
              control: { socket: "\(directory.path)/cp.sock" },
            \(body)
            }
            """.write(to: directory.appending(path: "cp.json5"), atomically: true, encoding: .utf8)
    }

    /// A service job whose check passes while the file `healthy` exists in `directory`.
    static func api(_ directory: URL, interval: Int, ttl: Int, extra: String = "") -> String {
        """
          jobs: [ { name: "api", exec: ["sleep", "3600"], port: 8080, interfaces: ["static:127.0.0.1"],
                    health: { exec: ["test", "-e", "\(directory.path)/healthy"], interval: \(interval), ttl: \(ttl) }
                    \(extra) } ],
        """
    }

    @Test func registersWithContainerPilotsIDsTagsMetaAndInitialStatus() async throws {
        try await withConsul(name: "engine-ids") { consul, probe in
            let directory = try PilotAgent.workingDirectory()
            let pilot = try Self.start(
                consul,
                Self.api(
                    directory, interval: 30, ttl: 60,
                    extra: #", tags: ["blue", "v2"], meta: { build: "42" }, initial_status: "warning""#),
                in: directory)
            let check = try await probe.waitForStatus("api", .warning)
            let id = "api-\(Self.hostname)"
            #expect(check.checkID == "service:\(id)")
            let entry = try #require(try await probe.instances("api").first)
            #expect(entry.service.id == id)
            #expect(entry.service.tags == ["blue", "v2"])
            #expect(entry.service.meta == ["build": "42"])
            #expect(entry.service.address == "127.0.0.1" && entry.service.port == 8080)
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
            #expect(try await probe.instances("api").isEmpty, "deregistered on stop")
        }
    }

    @Test func aFailingCheckMarksTheServiceCriticalAtOnceNotAfterItsTTL() async throws {
        try await withConsul(name: "engine-critical") { consul, probe in
            let directory = try PilotAgent.workingDirectory()
            _ = FileManager.default.createFile(atPath: directory.appending(path: "healthy").path, contents: nil)
            let pilot = try Self.start(consul, Self.api(directory, interval: 1, ttl: 60), in: directory)
            _ = try await probe.waitForStatus("api", .passing)
            try FileManager.default.removeItem(at: directory.appending(path: "healthy"))
            let removed = ContinuousClock.now
            _ = try await probe.waitForStatus("api", .critical, timeout: .seconds(10))
            // One check interval, not the 60 s TTL ContainerPilot would wait for.
            #expect(ContinuousClock.now - removed < .seconds(3))
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }

    /// ContainerPilot's #577: in maintenance no check runs, so a registration Consul lost (its agent restarted,
    /// or someone deregistered it) stayed lost. pilot renews maintenance every check interval and registers the
    /// service again, still in maintenance.
    @Test func maintenanceSurvivesConsulLosingTheRegistration() async throws {
        try await withConsul(name: "engine-maintenance") { consul, probe in
            let directory = try PilotAgent.workingDirectory()
            _ = FileManager.default.createFile(atPath: directory.appending(path: "healthy").path, contents: nil)
            let pilot = try Self.start(consul, Self.api(directory, interval: 1, ttl: 10), in: directory)
            _ = try await probe.waitForStatus("api", .passing)
            let socket = directory.appending(path: "cp.sock").path
            let answer = try UnixSocketHTTP.request(socket, "POST", "/v3/maintenance/enable")
            #expect(answer.status == 200 && answer.body.contains("\"updated\":true"), "\(answer)")
            // Idempotent, as ContainerPilot documents it: a second enable is no update.
            let again = try UnixSocketHTTP.request(socket, "POST", "/v3/maintenance/enable")
            #expect(again.status == 200 && again.body.contains("\"updated\":false"), "\(again)")
            try await Self.waitForMaintenance(probe, true)

            try await probe.client.agent.deregister(serviceID: "api-\(Self.hostname)")
            _ = try await Polling.until("api to be registered again", timeout: .seconds(10)) {
                try await probe.instances("api").isEmpty ? nil : true
            }
            try await Self.waitForMaintenance(probe, true)
            #expect(try await probe.client.health.service("api", query: HealthServiceQuery(passingOnly: true)).value.isEmpty)

            #expect(try UnixSocketHTTP.request(socket, "POST", "/v3/maintenance/disable").status == 200)
            try await Self.waitForMaintenance(probe, false)
            _ = try await probe.waitForStatus("api", .passing)
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }

    /// Maintenance holds for the container: a job a reload starts again is registered in maintenance too.
    @Test func aJobAReloadRestartsIsRegisteredInMaintenance() async throws {
        try await withConsul(name: "engine-maintenance-reload") { consul, probe in
            let directory = try PilotAgent.workingDirectory()
            _ = FileManager.default.createFile(atPath: directory.appending(path: "healthy").path, contents: nil)
            let pilot = try Self.start(consul, Self.api(directory, interval: 1, ttl: 10), in: directory)
            _ = try await probe.waitForStatus("api", .passing)
            let socket = directory.appending(path: "cp.sock").path
            #expect(try UnixSocketHTTP.request(socket, "POST", "/v3/maintenance/enable").status == 200)
            try await Self.waitForMaintenance(probe, true)
            // A new tag: the job changes, so the reload stops it (deregistered) and starts it again.
            try Self.write(consul, Self.api(directory, interval: 1, ttl: 10, extra: #", tags: ["v2"]"#), in: directory)
            let answer = try UnixSocketHTTP.request(socket, "POST", "/v3/reload")
            #expect(answer.body.contains(#""restarted":["api"]"#), "\(answer)")
            _ = try await Polling.until("api registered again with its new tag", timeout: .seconds(10)) {
                try await probe.instances("api").first?.service.tags == ["v2"] ? true : nil
            }
            try await Self.waitForMaintenance(probe, true)
            #expect(try await probe.client.health.service("api", query: HealthServiceQuery(passingOnly: true)).value.isEmpty)
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }

    static func waitForMaintenance(_ probe: ConsulProbe, _ on: Bool) async throws {
        _ = try await Polling.until("maintenance \(on ? "on" : "off")", timeout: .seconds(10)) {
            let checks = try await probe.client.agent.checks().values
            return checks.contains { $0.checkID.hasPrefix("_service_maintenance:") } == on ? true : nil
        }
    }

    /// A watch with `tag` sees only the instances with that tag: an untagged instance is no change.
    @Test func aWatchWithATagStartsItsJobOnlyForTaggedInstances() async throws {
        try await withConsul(name: "engine-watch-tag") { consul, probe in
            let directory = try PilotAgent.workingDirectory()
            let marks = directory.appending(path: "changes").path
            let pilot = try Self.start(consul, """
                  watches: [ { name: "db", interval: 1, tag: "primary" } ],
                  jobs: [ { name: "react", when: { source: "watch.db", each: "changed" },
                            exec: ["/bin/sh", "-c", "echo changed >> \(marks)"] },
                          { name: "idle", exec: ["sleep", "3600"] } ],
                """, in: directory)
            try await ControlSocketTests.waitForSocket(directory.appending(path: "cp.sock").path)
            try await probe.client.agent.register(
                AgentServiceRegistration(name: "db", id: "db-replica", address: "192.0.2.2", port: 5432))
            try await probe.client.agent.register(
                AgentServiceRegistration(name: "db", id: "db-primary", address: "192.0.2.1", port: 5432, tags: ["primary"]))
            let lines = try await Polling.until("the job to run once", timeout: .seconds(10)) { () -> [Substring]? in
                let text = (try? String(contentsOfFile: marks, encoding: .utf8)) ?? ""
                return text.isEmpty ? nil : text.split(separator: "\n")
            }
            #expect(lines == ["changed"], "one change: the tagged instance")
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
            let final = try String(contentsOfFile: marks, encoding: .utf8)
            #expect(final == "changed\n", "the untagged instance started nothing: \(final)")
        }
    }
}
