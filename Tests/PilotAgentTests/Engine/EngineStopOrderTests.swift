import Foundation
import Testing
import TestSupport

/// The engine's stop of a ContainerPilot configuration, through the real `pilot -config` (no Consul needed:
/// nothing registers): dependency order, and pilot ending with its jobs rather than a fixed wait later.
@Suite(.serialized) struct EngineStopOrderTests {
    static func start(_ jobs: String, in directory: URL) throws -> PilotAgent {
        try """
            {
              consul: "127.0.0.1:1",
              control: { socket: "\(directory.path)/cp.sock" },
              jobs: [
            \(jobs)
              ],
            }
            """.write(to: directory.appending(path: "cp.json5"), atomically: true, encoding: .utf8)
        return try PilotAgent(environment: [:], arguments: ["-config", "cp.json5"], directory: directory)
    }

    /// A job's command that marks its start, and on SIGTERM appends its name to `order` and exits.
    static func service(_ name: String, _ directory: URL) -> String {
        let dir = directory.path
        return #"["/bin/sh", "-c", "trap 'echo \#(name) >> \#(dir)/order; exit 0' TERM; "#
            + #"touch \#(dir)/\#(name).up; while :; do sleep 0.02; done"]"#
    }

    /// `web` starts once `db` is healthy, so it depends on `db`: on SIGTERM it stops first, and `db` is asked to
    /// stop only once `web` is gone (ContainerPilot signals every job at once).
    @Test func aJobThatStartsOnAnothersEventStopsBeforeIt() async throws {
        let directory = try PilotAgent.workingDirectory()
        let pilot = try Self.start("""
                { name: "db", exec: \(Self.service("db", directory)), health: { exec: "true", interval: 1, ttl: 5 } },
                { name: "web", exec: \(Self.service("web", directory)), when: { source: "db", once: "healthy" } },
            """, in: directory)
        _ = try await Polling.until("web to run", timeout: .seconds(10)) {
            FileManager.default.fileExists(atPath: directory.appending(path: "web.up").path) ? true : nil
        }
        pilot.send(SIGTERM)
        #expect(try await pilot.waitForExit() == 0, "\(pilot.log)")
        let order = try String(contentsOf: directory.appending(path: "order"), encoding: .utf8)
        #expect(order == "web\ndb\n", "\(pilot.log)")
    }

    @Test func jobsWithoutDependenciesStopTogetherAndPilotEndsWithThem() async throws {
        let directory = try PilotAgent.workingDirectory()
        let pilot = try Self.start("""
                { name: "one", exec: \(Self.service("one", directory)) },
                { name: "two", exec: \(Self.service("two", directory)) },
            """, in: directory)
        _ = try await Polling.until("both jobs to run", timeout: .seconds(10)) {
            ["one.up", "two.up"].allSatisfy { FileManager.default.fileExists(atPath: directory.appending(path: $0).path) }
                ? true : nil
        }
        let start = ContinuousClock.now
        pilot.send(SIGTERM)
        #expect(try await pilot.waitForExit() == 0, "\(pilot.log)")
        // ContainerPilot waits its stopTimeout (5 s) after the jobs; pilot ends when they have.
        #expect(ContinuousClock.now - start < .seconds(2), "\(pilot.log)")
        let order = try String(contentsOf: directory.appending(path: "order"), encoding: .utf8)
        #expect(Set(order.split(separator: "\n")) == ["one", "two"])
    }

    /// A job that ends of its own accord publishes `stopping` and `stopped`, as ContainerPilot's does: its pre-stop
    /// hook runs, and pilot ends with its jobs rather than waiting for a `stopping` that would never come.
    @Test func aJobThatEndsByItselfRunsItsPreStopHookAndPilotEnds() async throws {
        let directory = try PilotAgent.workingDirectory()
        let pilot = try Self.start("""
                { name: "app", exec: "true" },
                { name: "hook", when: { source: "app", once: "stopping" },
                  exec: ["/bin/sh", "-c", "touch \(directory.path)/hooked"] },
                { name: "each", when: { source: "app", each: "stopped" }, exec: "true" },
            """, in: directory)
        #expect(try await pilot.waitForExit(timeout: .seconds(10)) == 0, "\(pilot.log)")
        #expect(FileManager.default.fileExists(atPath: directory.appending(path: "hooked").path))
    }

    /// A program that cannot be started, with unlimited restarts, must neither spin nor hold SIGTERM back.
    @Test func aJobThatCannotStartRetriesSlowlyAndStopsAtOnce() async throws {
        let directory = try PilotAgent.workingDirectory()
        let pilot = try Self.start("""
                { name: "missing", exec: "/nonexistent/program", restarts: "unlimited" },
            """, in: directory)
        try await Task.sleep(for: .seconds(2))  // the rate is the point: count the attempts in a fixed time
        let attempts = pilot.log.components(separatedBy: "could not start").count - 1
        #expect((1...4).contains(attempts), "\(attempts) attempts in 2 s: \(pilot.log.suffix(500))")
        let stop = ContinuousClock.now
        pilot.send(SIGTERM)
        #expect(try await pilot.waitForExit() == 0)
        #expect(ContinuousClock.now - stop < .seconds(3))
    }
}
