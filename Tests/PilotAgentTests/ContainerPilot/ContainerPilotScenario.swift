import ConsulAPI
import Foundation
import Synchronization
import Testing
import TestSupport

/// One of ContainerPilot's integration scenarios (its `integration_tests/tests/`), run without Docker: a fresh
/// directory holding the configuration file the test writes, the marker files the jobs append to and the control
/// socket; a real Consul dev agent; and `pilot -config FILE` as a container would start ContainerPilot.
///
/// The configuration is written from a dictionary as JSON (a subset of JSON5), so that the jobs' shell scripts
/// need no hand escaping. Assertions look from the outside only: marker files, Consul, exit status, timing.
final class ContainerPilotScenario: Sendable {
    /// The Consul agent the configuration points at.
    let consul: ConsulDevAgent
    /// Reads that Consul for assertions.
    let probe: ConsulProbe
    /// Where the configuration, the markers and the control socket are; pilot's working directory.
    let directory: URL
    /// The agents started, whose logs are printed when the test fails by an error.
    private let started = Mutex<[PilotAgent]>([])

    /// A scenario on `consul`, in `directory` (which must exist and be empty).
    init(consul: ConsulDevAgent, probe: ConsulProbe, directory: URL) {
        self.consul = consul
        self.probe = probe
        self.directory = directory
    }

    /// The configuration file.
    var configurationFile: URL { directory.appending(path: "containerpilot.json5") }

    /// The control socket, as the configuration's `control.socket` names it.
    var socket: String { path("control.socket") }

    /// Consul's HTTP address as a ContainerPilot configuration spells it (`host:port`).
    var consulAddress: String { "\(consul.bindAddress):\(consul.ports.http)" }

    /// The absolute path of a file in the scenario's directory, for the jobs' scripts.
    func path(_ name: String) -> String {
        directory.appending(path: name).path(percentEncoded: false)
    }

    /// Writes the configuration file: `contents` (jobs, watches, telemetry, ...) with `consul` and
    /// `control.socket` pointing at this scenario's.
    func writeConfiguration(_ contents: [String: Any]) throws {
        var document = contents
        document["consul"] = consulAddress
        document["control"] = ["socket": socket]
        let data = try JSONSerialization.data(
            withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try data.write(to: configurationFile, options: .atomic)
    }

    /// The `CONTAINERPILOT` variable naming the configuration, as ContainerPilot's images set it.
    var variable: [String: String] { ["CONTAINERPILOT": "file://" + configurationFile.path(percentEncoded: false)] }

    /// Starts `pilot -config FILE` in the scenario's directory, with `environment` added to pilot's; or, `byVariable`,
    /// plain `pilot` with the `CONTAINERPILOT` variable naming the file.
    func start(environment: [String: String] = [:], byVariable: Bool = false, wrapper: [String] = []) throws
        -> PilotAgent
    {
        let pilot = try PilotAgent(
            environment: byVariable ? environment.merging(variable) { $1 } : environment,
            arguments: byVariable ? [] : ["-config", configurationFile.path(percentEncoded: false)],
            directory: directory, wrapper: wrapper)
        started.withLock { $0.append(pilot) }
        return pilot
    }

    /// Prints the configuration and what every agent started so far printed, for a failed test.
    func printLogs() {
        let configuration = (try? String(contentsOf: configurationFile, encoding: .utf8)) ?? "(none)"
        print("--- \(configurationFile.path(percentEncoded: false)):\n\(configuration)")
        for pilot in started.withLock({ $0 }) { print("--- pilot \(pilot.pid) log:\n\(pilot.log)") }
    }

    /// The lines of a marker file; none when it does not exist yet.
    func lines(_ name: String) -> [String] {
        guard let text = try? String(contentsOfFile: path(name), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    /// The first word of each line of the `events` file, in the order the jobs appended them.
    var events: [String] {
        lines("events").compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    /// Waits until the marker file has at least `count` lines, and returns them.
    func waitForLines(_ name: String, count: Int, timeout: Duration = .seconds(20)) async throws -> [String] {
        try await Polling.until("\(count) line(s) in \(name); it has: \(lines(name))", timeout: timeout) {
            let found = lines(name)
            return found.count >= count ? found : nil
        }
    }

    /// Waits until the `events` file holds `event`.
    func waitForEvent(_ event: String, timeout: Duration = .seconds(20)) async throws {
        _ = try await Polling.until("the event \(event); events so far: \(events)", timeout: timeout) {
            events.contains(event) ? true : nil
        }
    }

    /// Waits until the marker file holds a process ID on its last line, and returns it.
    func waitForPID(_ name: String, count: Int = 1, timeout: Duration = .seconds(20)) async throws -> Int32 {
        let found = try await waitForLines(name, count: count, timeout: timeout)
        return try #require(found.last.flatMap { $0.split(separator: " ").first }.flatMap { Int32($0) })
    }

    /// Every instance of `service` that Consul holds, whatever its health.
    func instances(_ service: String) async throws -> [HealthServiceEntry] {
        try await probe.instances(service)
    }

    /// Waits until Consul holds exactly one instance of `service` whose checks all pass, and returns it.
    func waitForPassingInstance(_ service: String, timeout: Duration = .seconds(20)) async throws
        -> HealthServiceEntry
    {
        try await Polling.until("one passing instance of \(service) in Consul", timeout: timeout) {
            let entries = try await instances(service)
            return entries.count == 1 && entries[0].aggregatedStatus == .passing ? entries[0] : nil
        }
    }

    /// Sends `SIGTERM` and waits for pilot to exit; its exit status and how long it took.
    func terminate(_ pilot: PilotAgent, timeout: Duration = .seconds(20)) async throws
        -> (status: Int32, elapsed: Duration)
    {
        let start = ContinuousClock.now
        pilot.send(SIGTERM)
        let status = try await pilot.waitForExit(timeout: timeout)
        return (status, ContinuousClock.now - start)
    }

    /// A job's `exec` that runs `script` with `/bin/sh -c` (a string `exec` is split at spaces and runs no shell),
    /// with `arguments` as `$0`, `$1`, ...
    static func shell(_ script: String, arguments: [String] = []) -> [String] {
        ["/bin/sh", "-c", script] + arguments
    }

    /// A health check that always passes, checked every second, with ContainerPilot's usual TTL.
    static var passingHealth: [String: Any] { ["exec": "true", "interval": 1, "ttl": 5] }

    /// The interfaces every registering job uses, so that registration works without `eth0`.
    static let loopback = ["static:127.0.0.1"]

    /// This host's name, which ContainerPilot puts in service IDs (`<job>-<hostname>`).
    static var hostname: String {
        var buffer = [CChar](repeating: 0, count: 256)
        _ = gethostname(&buffer, buffer.count - 1)
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Seconds since the epoch now, to compare with the `date +%s.%N` stamps jobs write.
    static var now: Double { Date().timeIntervalSince1970 }
}

/// Runs `body` with a fresh scenario on its own Consul dev agent, stopped afterwards; when `body` throws, prints
/// the configuration and the agents' logs first.
func withContainerPilotScenario(_ name: String, _ body: (ContainerPilotScenario) async throws -> Void)
    async throws
{
    try await withConsul(name: name) { consul, probe in
        let directory = try PilotAgent.workingDirectory()
        let scenario = ContainerPilotScenario(consul: consul, probe: probe, directory: directory)
        do {
            try await body(scenario)
        } catch {
            scenario.printLogs()
            throw error
        }
    }
}
