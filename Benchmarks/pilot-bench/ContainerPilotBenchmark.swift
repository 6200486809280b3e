import ArgumentParser
import ConsulAPI
import Foundation
import TestSupport

/// `pilot-bench containerpilot`: the two figures issue 13 names for a ContainerPilot configuration run by pilot,
/// against a real Consul. SIGTERM → exit for a two-job configuration (a registered application with a health
/// check, and a sidecar; both end at once on SIGTERM, so what is measured is pilot's own time); and a watch's
/// change in Consul → the start of the job that waits on it (`when: {source: "watch.db", each: "changed"}`).
struct ContainerPilotBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "containerpilot",
        abstract: "SIGTERM → exit of a two-job ContainerPilot configuration; watch change → job start.")

    @OptionGroup var live: LiveOptions

    @Option(help: "Starts and stops of the two-job configuration.")
    var stops = 10

    @Option(help: "Changes of the watched service.")
    var changes = 50

    func run() async throws {
        let pilot = try live.executablePilot()
        try await BenchConsul.with(name: "bench-containerpilot") { consul, client in
            let stopTimes = try await measureStops(pilot: pilot, consul: consul, client: client)
            print("SIGTERM → exit, two jobs (application registered in Consul, sidecar): \(percentiles(stopTimes)) "
                + "(ContainerPilot 3.8: its stopTimeout, 5 s by default, after the jobs have exited)")
            let latencies = try await measureWatch(pilot: pilot, consul: consul, client: client)
            print("watch change in Consul → job started: \(percentiles(latencies)) "
                + "(ContainerPilot 3.8 polls every watch interval, at least 1 s)")
        }
    }

    private func configuration(_ directory: URL, consul: ConsulDevAgent, body: String) throws -> String {
        let path = directory.appending(path: "containerpilot.json5").path(percentEncoded: false)
        try """
            {
              consul: "\(consul.httpAddress.hostAndPort)",
              logging: { level: "ERROR" },
              control: { socket: "\(directory.path(percentEncoded: false))/cp.socket" },
            \(body)
            }
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func measureStops(pilot: String, consul: ConsulDevAgent, client: ConsulClient) async throws -> [Double] {
        var times: [Double] = []
        for _ in 0..<stops {
            let directory = try BenchPilot.workingDirectory(dependencies: "[]")
            defer { try? FileManager.default.removeItem(at: directory) }
            let marks = directory.path(percentEncoded: false)
            let path = try configuration(directory, consul: consul, body: """
                  jobs: [
                    { name: "app", port: 8080, interfaces: ["static:127.0.0.1"],
                      exec: ["/bin/sh", "-c", "touch \(marks)/app; exec sleep 3600"],
                      health: { exec: "true", interval: 1, ttl: 10 } },
                    { name: "sidecar",
                      exec: ["/bin/sh", "-c", "touch \(marks)/sidecar; exec sleep 3600"] },
                  ],
                """)
            let agent = try BenchPilot(pilot: pilot, environment: [:], command: ["-config", path], directory: directory)
            try BenchPilot.wait("both jobs") {
                FileManager.default.fileExists(atPath: marks + "/app")
                    && FileManager.default.fileExists(atPath: marks + "/sidecar")
            }
            let deadline = ContinuousClock.now + .seconds(20)
            while try await client.health.service("app", query: HealthServiceQuery(passingOnly: true)).value.isEmpty {
                guard ContinuousClock.now < deadline else { throw BenchError("app never passed: \(agent.log)") }
                try await Task.sleep(for: .milliseconds(5))
            }
            times.append(agent.stopTimed().milliseconds)
        }
        return times
    }

    private func measureWatch(pilot: String, consul: ConsulDevAgent, client: ConsulClient) async throws -> [Double] {
        let directory = try BenchPilot.workingDirectory(dependencies: "[]")
        defer { try? FileManager.default.removeItem(at: directory) }
        let started = directory.appending(path: "started").path(percentEncoded: false)
        let path = try configuration(directory, consul: consul, body: """
              watches: [ { name: "db", interval: 1 } ],
              jobs: [
                { name: "react", when: { source: "watch.db", each: "changed" },
                  exec: ["/bin/sh", "-c", "date +%s%N >> \(started)"] },
              ],
            """)
        let agent = try BenchPilot(pilot: pilot, environment: [:], command: ["-config", path], directory: directory)
        defer { agent.stop() }
        // The watch's first query is answered before the first change is made.
        try await Task.sleep(for: .milliseconds(500))
        var latencies: [Double] = []
        for change in 0..<changes {
            let before = Self.lines(started)
            let sent = Date().timeIntervalSince1970
            try await client.agent.register(
                AgentServiceRegistration(name: "db", id: "db-\(change)", address: "192.0.2.1", port: 5432))
            try BenchPilot.wait("the job's start after change \(change)") { Self.lines(started).count > before.count }
            let startedAt = Double(Self.lines(started).last!)! / 1e9
            latencies.append((startedAt - sent) * 1000)
            // Spaced, so that every change is a run of its own rather than one the running job merges.
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...200)))
        }
        return latencies
    }

    private static func lines(_ path: String) -> [Substring] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n")
    }
}

extension Duration {
    /// The duration in milliseconds.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
