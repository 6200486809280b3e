import Foundation
import Testing
import TestSupport

/// Reloads of a ContainerPilot configuration through the real `pilot -config` and its control socket (no
/// Consul needed: nothing registers): a job's new definition takes over once its old process is gone, even over
/// two reloads in a row; a changed job whose event already happened is not left waiting; pre-stop hooks stay
/// armed for the new process.
@Suite(.serialized) struct EngineReloadTests {
    let directory: URL
    var socket: String { directory.appending(path: "cp.sock").path }

    init() throws {
        directory = try PilotAgent.workingDirectory()
    }

    func write(_ jobs: String) throws {
        try """
            {
              consul: "127.0.0.1:1",
              control: { socket: "\(socket)" },
              jobs: [
            \(jobs)
              ],
            }
            """.write(to: directory.appending(path: "cp.json5"), atomically: true, encoding: .utf8)
    }

    func start() throws -> PilotAgent {
        try PilotAgent(environment: [:], arguments: ["-config", "cp.json5"], directory: directory)
    }

    func reload() throws -> String {
        let answer = try UnixSocketHTTP.request(socket, "POST", "/v3/reload")
        #expect(answer.status == 200, "\(answer)")
        return answer.body
    }

    func lines(_ name: String) -> [Substring] {
        ((try? String(contentsOf: directory.appending(path: name), encoding: .utf8)) ?? "").split(separator: "\n")
    }

    func waitFor(_ what: String, _ condition: @escaping () -> Bool) async throws {
        _ = try await Polling.until(what, timeout: .seconds(15)) { condition() ? true : nil }
    }

    /// A job that marks each start with `version` in `runs`, ignores SIGTERM, and lives until killed.
    func stubborn(_ version: String) -> String {
        #"{ name: "a", stopTimeout: "2s", exec: ["/bin/sh", "-c", "trap '' TERM; echo \#(version) >> \#(directory.path)/runs; "#
            + #"while :; do sleep 0.05; done"] }"#
    }

    @Test func twoReloadsInARowLeaveOneProcessOfTheNewestDefinition() async throws {
        try write(stubborn("v1"))
        let pilot = try start()
        try await waitFor("v1 to run") { lines("runs") == ["v1"] }
        try write(stubborn("v2"))
        #expect(try reload().contains(#""restarted":["a"]"#))
        try write(stubborn("v3"))
        #expect(try reload().contains(#""restarted":["a"]"#))
        // v1 ignores SIGTERM: it is killed after its 2 s; then the newest definition alone starts.
        try await waitFor("v3 to run") { lines("runs").contains("v3") }
        try await Task.sleep(for: .milliseconds(500))  // a second start would come at once; none may
        #expect(lines("runs") == ["v1", "v3"], "\(pilot.log)")
        pilot.send(SIGKILL)
    }

    @Test func aChangedJobWhoseEventAlreadyHappenedStartsAgain() async throws {
        func jobs(_ version: String) -> String {
            """
                { name: "setup", exec: "true" },
                { name: "app", when: { source: "setup", once: "exitSuccess" },
                  exec: ["/bin/sh", "-c", "echo \(version) >> \(directory.path)/runs; exec sleep 3600"] },
            """
        }
        try write(jobs("v1"))
        let pilot = try start()
        try await waitFor("app v1 to run") { lines("runs") == ["v1"] }
        try write(jobs("v2"))
        #expect(try reload().contains(#""restarted":["app"]"#))
        // setup is unchanged and done; its exitSuccess is not coming again, so app's new definition gets it.
        try await waitFor("app v2 to run") { lines("runs") == ["v1", "v2"] }
        pilot.send(SIGTERM)
        #expect(try await pilot.waitForExit() == 0)
    }

    @Test func aPreStopHookRunsForTheOldProcessAndStaysArmedForTheNewOne() async throws {
        func jobs(_ version: String) -> String {
            """
                { name: "app", stopTimeout: "10s",
                  exec: ["/bin/sh", "-c", "trap 'exit 0' TERM; echo \(version) >> \(directory.path)/runs; while :; do sleep 0.05; done"] },
                { name: "hook", when: { source: "app", once: "stopping" },
                  exec: ["/bin/sh", "-c", "echo hook >> \(directory.path)/hooks"] },
            """
        }
        try write(jobs("v1"))
        let pilot = try start()
        try await waitFor("app v1 to run") { lines("runs") == ["v1"] }
        try write(jobs("v2"))
        _ = try reload()
        try await waitFor("app v2 to run") { lines("runs") == ["v1", "v2"] }
        #expect(lines("hooks") == ["hook"], "the hook ran for v1's stop")
        let stop = ContinuousClock.now
        pilot.send(SIGTERM)
        #expect(try await pilot.waitForExit() == 0)
        #expect(lines("hooks") == ["hook", "hook"], "and again for v2's: \(pilot.log)")
        // Not the 10 s stop timeout waiting for a hook that had already run.
        #expect(ContinuousClock.now - stop < .seconds(3), "\(pilot.log)")
    }

    /// A pre-stop hook a reload adds to a job that keeps running runs before that job is signalled at the stop.
    @Test func aPreStopHookAddedByAReloadRunsBeforeTheKeptJobIsSignalled() async throws {
        let app = """
                { name: "app", exec: ["/bin/sh", "-c", "trap 'echo app >> \(directory.path)/order; exit 0' TERM; \
            echo up >> \(directory.path)/runs; while :; do sleep 0.05; done"] },
            """
        try write(app)
        let pilot = try start()
        try await waitFor("app to run") { lines("runs") == ["up"] }
        try write(app + """
                { name: "hook", when: { source: "app", once: "stopping" },
                  exec: ["/bin/sh", "-c", "sleep 0.3; echo hook >> \(directory.path)/order"] },
            """)
        #expect(try reload().contains(#""kept":["app"]"#))
        pilot.send(SIGTERM)
        #expect(try await pilot.waitForExit() == 0)
        #expect(lines("runs") == ["up"], "app kept running through the reload")
        #expect(lines("order") == ["hook", "app"], "\(pilot.log)")
    }
}
