import ArgumentParser
import ConsulAPI
import Foundation
import Logging
import Synchronization
import TestSupport

/// `pilot-bench load`: one agent watching many dependencies while instances change at a steady rate. Each
/// change re-registers one instance with a port never used before (a marker); a poller watches services.json
/// and times each marker from just before the change was sent to Consul until the file holds it. Prints the
/// propagation percentiles, writes per second, the agent's CPU and memory, and whether a backlog built up.
struct LoadBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load", abstract: "Propagation, writes, CPU and memory while instances change at a steady rate.")

    @OptionGroup var live: LiveOptions

    @Option(help: "Dependencies watched.")
    var deps = 200

    @Option(help: "Instances of each dependency.")
    var instances = 20

    @Option(help: "Changes per second.")
    var rate = 50

    @Option(help: "Seconds of changes.")
    var seconds = 60

    /// Marker ports start here; the instances' first ports are below.
    static let firstMarker = 20_000

    func run() async throws {
        let pilot = try live.executablePilot()
        let total = rate * seconds
        guard total <= deps * instances, total <= 65_535 - Self.firstMarker else {
            throw BenchError("\(total) changes need as many instances (each is changed once) and marker ports")
        }
        // One connection per watch, and the benchmark's own: the default 200 per client address is too few.
        let consul = try ConsulDevAgent(name: "bench-load", extraConfig: "limits { http_max_conns_per_client = 1000 }")
        try await consul.start()
        defer { consul.stop() }
        let client = try ConsulClient(
            configuration: ConsulConfiguration(addresses: [consul.httpAddress], connectTimeout: .seconds(10)),
            logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        do {
            try await measure(pilot: pilot, consul: consul, client: client)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private static func address(dependency: Int, instance: Int) -> String {
        "10.\(dependency / 250).\(dependency % 250).\(instance + 1)"
    }

    private func measure(pilot: String, consul: ConsulDevAgent, client: ConsulClient) async throws {
        print("pilot-bench load: \(deps) dependencies x \(instances) instances, \(rate) changes/s for \(seconds) s")
        let names = (0..<deps).map { "dep-\($0)" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, name) in names.enumerated() {
                group.addTask { [instances] in
                    for instance in 0..<instances {
                        try await client.agent.register(AgentServiceRegistration(
                            name: name, id: "\(name)-\(instance)",
                            address: Self.address(dependency: index, instance: instance),
                            port: 10_000 + instance))
                    }
                }
                if index >= 8 { try await group.next() }
            }
            try await group.waitForAll()
        }
        let list = names.map { "\"\($0)\"" }.joined(separator: ",")
        let directory = try BenchPilot.workingDirectory(dependencies: "{\"main\": [\(list)]}")
        let file = directory.appending(path: "services.json").path(percentEncoded: false)
        let agent = try BenchPilot(
            pilot: pilot, environment: ["CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "PILOT_SERVICES_FILE": file],
            directory: directory)
        defer { agent.stop() }
        let expectedInstances = deps * instances
        try BenchPilot.wait("the first complete services.json", timeout: .seconds(120)) {
            let content = (try? Data(contentsOf: URL(filePath: file))) ?? Data()
            return content.reduce(0) { $1 == UInt8(ascii: ":") ? $0 + 1 : $0 } >= expectedInstances
        }
        try await Task.sleep(for: .seconds(2))

        let poller = FilePoller(path: file)
        let pollTask = Task.detached { poller.run() }
        // Consul's own share: the benchmark watches a few dependencies itself, as pilot does.
        let sampled = min(deps, 10)
        let consulSide = MarkerLatencies()
        let probes = (0..<sampled).map { index in
            Task {
                let watch = client.health.watchService(
                    names[index], query: HealthServiceQuery(passingOnly: true), policy: DependencyWatchPolicy.policy
                ) { entries in entries.map(\.service.port).filter { $0 >= Self.firstMarker }.sorted() }
                for try await ports in watch { consulSide.seen(ports, at: ContinuousClock.now) }
            }
        }
        let writesBefore = agent.log.components(separatedBy: "wrote services.json").count
        let cpuBefore = Self.cpuTicks(pid: agent.pid)
        let clockStart = ContinuousClock.now
        let total = rate * seconds
        var peakRSS = 0
        let callLatencies = MarkerLatencies()
        // Each change re-registers a different instance (round robin over dependencies), so no marker is
        // replaced by a later change before it is written.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for change in 0..<total {
                let due = clockStart + .nanoseconds(Int64(change) * 1_000_000_000 / Int64(rate))
                try await Task.sleep(until: due, clock: .continuous)
                let dependency = change % deps
                let instance = (change / deps) % instances
                let marker = Self.firstMarker + change
                let registration = AgentServiceRegistration(
                    name: names[dependency], id: "\(names[dependency])-\(instance)",
                    address: Self.address(dependency: dependency, instance: instance), port: marker)
                let probed = dependency < sampled
                group.addTask {
                    let sentAt = ContinuousClock.now
                    poller.expect(marker, sentAt: sentAt)
                    if probed { consulSide.expect(marker, sentAt: sentAt) }
                    try await client.agent.register(registration)
                    callLatencies.record(ContinuousClock.now - sentAt)
                }
                if change % rate == 0 { peakRSS = max(peakRSS, agent.memory.rss) }
            }
            try await group.waitForAll()
        }
        let changesEnd = ContinuousClock.now
        let cpuAfter = Self.cpuTicks(pid: agent.pid)
        let writes = agent.log.components(separatedBy: "wrote services.json").count - writesBefore
        // Then up to 10 s for the last markers to land.
        let drainDeadline = ContinuousClock.now + .seconds(10)
        while poller.outstanding > 0 && ContinuousClock.now < drainDeadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        peakRSS = max(peakRSS, agent.memory.rss)
        for probe in probes { probe.cancel() }
        poller.stop()
        _ = await pollTask.value

        let elapsed = Double((changesEnd - clockStart) / .milliseconds(1)) / 1000
        let results = poller.results.sorted { $0.sentAt < $1.sentAt }
        let latencies = results.map(\.milliseconds)
        guard !latencies.isEmpty else { throw BenchError("no change reached services.json") }
        print("propagation (change sent to Consul -> in services.json): \(percentiles(latencies))")
        print("changes not in the file 10 s after the last: \(poller.outstanding)")
        if !consulSide.values.isEmpty {
            print("Consul alone (change sent -> in a blocking query's answer, \(sampled) dependencies): "
                + percentiles(consulSide.values))
        }
        // Pilot's own share, for the sampled changes: from Consul's answer to the benchmark's watch to the file.
        let pilotSide = poller.sightings.compactMap { marker, inFile in
            consulSide.sighting(of: marker).map { Double((inFile - $0) / .microseconds(1)) / 1000 }
        }
        if !pilotSide.isEmpty {
            print("pilot alone (in Consul's answer -> in services.json, the same changes): \(percentiles(pilotSide))")
        }
        print("register calls (change sent -> Consul answered): \(percentiles(callLatencies.values))")
        print(String(format: "writes: %d in %.1f s (%.2f per second)", writes, elapsed, Double(writes) / elapsed))
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        let cpu = Double(cpuAfter - cpuBefore) / ticksPerSecond / elapsed * 100
        let rss = agent.memory.rss / 1024
        print(String(format: "pilot CPU: %.1f %% of one core; RSS %d MB (peak %d MB)", cpu, rss, peakRSS / 1024))
        // A backlog shows as propagation growing over the run: compare the first and the last tenth.
        let tenth = max(1, results.count / 10)
        let first = latencies.prefix(tenth).sorted()
        let last = latencies.suffix(tenth).sorted()
        let firstP50 = first[first.count / 2]
        let lastP50 = last[last.count / 2]
        let backlog = poller.outstanding > 0 || lastP50 > firstP50 * 2 + 100
        print(String(format: "backlog: %@ (p50 of the first tenth %.1f ms, of the last tenth %.1f ms)",
                     backlog ? "YES" : "no", firstP50, lastP50))
    }

    /// utime + stime of a process, in clock ticks.
    static func cpuTicks(pid: Int32) -> Int {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        // Fields after the command name: state is field 3, utime 14 and stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12 else { return 0 }
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
    }
}

/// Polls services.json every 2 ms and, at each new version, notes which expected marker ports it holds.
private final class FilePoller: Sendable {
    struct Result {
        var sentAt: ContinuousClock.Instant
        var milliseconds: Double
    }

    private struct State {
        var expected: [Int: ContinuousClock.Instant] = [:]
        var results: [Result] = []
        var sightings: [Int: ContinuousClock.Instant] = [:]
        var stopped = false
    }

    let path: String
    private let state = Mutex(State())

    init(path: String) { self.path = path }

    func expect(_ marker: Int, sentAt: ContinuousClock.Instant) {
        state.withLock { $0.expected[marker] = sentAt }
    }

    var outstanding: Int { state.withLock { $0.expected.count } }
    var results: [Result] { state.withLock { $0.results } }
    var sightings: [Int: ContinuousClock.Instant] { state.withLock { $0.sightings } }
    func stop() { state.withLock { $0.stopped = true } }

    func run() {
        var lastStamp: (Int, Int, Int)?
        while !state.withLock({ $0.stopped }) {
            usleep(2000)
            var status = stat()
            guard stat(path, &status) == 0 else { continue }
            let stamp = (Int(status.st_ino), Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec))
            if let lastStamp, lastStamp == stamp { continue }
            lastStamp = stamp
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let seenAt = ContinuousClock.now
            let ports = Self.markerPorts(in: data)
            state.withLock { state in
                for port in ports {
                    guard let sentAt = state.expected.removeValue(forKey: port) else { continue }
                    let milliseconds = Double((seenAt - sentAt) / .microseconds(1)) / 1000
                    state.results.append(Result(sentAt: sentAt, milliseconds: milliseconds))
                    state.sightings[port] = seenAt
                }
            }
        }
    }

    /// The ports at or above the first marker in `"host:port"` strings.
    static func markerPorts(in data: Data) -> [Int] {
        var ports: [Int] = []
        var index = data.startIndex
        while index < data.endIndex {
            if data[index] == UInt8(ascii: ":") {
                var port = 0
                var next = data.index(after: index)
                while next < data.endIndex, data[next] >= UInt8(ascii: "0"), data[next] <= UInt8(ascii: "9") {
                    port = port * 10 + Int(data[next] - UInt8(ascii: "0"))
                    next = data.index(after: next)
                }
                if next < data.endIndex, data[next] == UInt8(ascii: "\""), port >= LoadBenchmark.firstMarker {
                    ports.append(port)
                }
                index = next
            } else {
                index = data.index(after: index)
            }
        }
        return ports
    }
}

/// Latencies in milliseconds, from a marker's sending to its first sighting, or of whole calls.
private final class MarkerLatencies: Sendable {
    private let state = Mutex<(expected: [Int: ContinuousClock.Instant], values: [Double])>(([:], []))
    /// When each marker was first seen.
    private let sightings = Mutex<[Int: ContinuousClock.Instant]>([:])

    func expect(_ marker: Int, sentAt: ContinuousClock.Instant) {
        state.withLock { $0.expected[marker] = sentAt }
    }

    func seen(_ markers: [Int], at instant: ContinuousClock.Instant) {
        state.withLock { state in
            for marker in markers {
                guard let sentAt = state.expected.removeValue(forKey: marker) else { continue }
                state.values.append(Double((instant - sentAt) / .microseconds(1)) / 1000)
                sightings.withLock { $0[marker] = instant }
            }
        }
    }

    /// When `marker` was first seen.
    func sighting(of marker: Int) -> ContinuousClock.Instant? { sightings.withLock { $0[marker] } }

    func record(_ duration: Duration) {
        state.withLock { $0.values.append(Double(duration / .microseconds(1)) / 1000) }
    }

    var values: [Double] { state.withLock { $0.values } }
}

/// The policy pilot's dependency watches use (5 ms between calls, up to 5 ms of dither).
private enum DependencyWatchPolicy {
    static let policy = BlockingQueryPolicy(minimumSpacing: .milliseconds(5), spacingDither: .milliseconds(5))
}
