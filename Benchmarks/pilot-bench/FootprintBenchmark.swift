import ArgumentParser
import ConsulAPI
import Foundation
import Logging
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `pilot-bench footprint`: the weight of a built pilot as a container carries it. Runs the given binary idle
/// against a real Consul dev agent (one dependency watch, `./ping` every 5 s, the control socket on, managing
/// `sleep 1000`), and prints its resident memory (anonymous, file-backed, PSS), threads, the binary's size,
/// exec → first Consul request, and `pilot --version` wall time. Builds nothing.
struct FootprintBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footprint",
        abstract: "Idle memory, threads, binary size and start-up time of a built pilot (build it first).")

    @OptionGroup var live: LiveOptions

    @Option(help: "Seconds the registered, idle agent settles before its memory is read.")
    var seconds = 10

    @Option(help: "Starts timed from exec to the first Consul request (each stopped after its first request).")
    var starts = 10

    @Option(help: "Runs of pilot --version timed.")
    var versionRuns = 20

    func run() async throws {
        let pilot = try live.executablePilot()
        let size = (try FileManager.default.attributesOfItem(atPath: pilot)[.size] as? Int) ?? 0
        // The whole binary in the page cache first, as on a host already running the image: fault-around maps
        // only cached pages, so the file-backed figure would otherwise depend on what a build evicted.
        _ = try Data(contentsOf: URL(filePath: pilot))
        let versionTimes = try (0..<versionRuns).map { _ in try Self.wallTime(pilot, ["--version"]) }

        try await BenchConsul.with(name: "bench-footprint") { consul, client in
            try await BenchConsul.registerOneDatabase(client)
            let proxy = try FirstRequestProxy(upstreamPort: consul.ports.http)
            var firstRequests: [Double] = []
            for _ in 0..<starts {
                let run = try await Self.start(pilot: pilot, proxy: proxy)
                firstRequests.append(run.firstRequest)
                run.agent.stop()
            }
            print("pilot-bench footprint: \(pilot)")
            print(String(format: "binary on disk: %.1f MB (%d bytes)", Double(size) / 1_000_000, size))
            print("pilot --version wall time (spawn → exit reaped): \(percentiles(versionTimes))")
            print("exec → first Consul request (spawn → first bytes at a proxy in front of Consul): "
                + percentiles(firstRequests))
            let idle = try await Self.start(pilot: pilot, proxy: proxy)
            defer { idle.agent.stop() }
            _ = try await Polling.until("main registered and passing", timeout: .seconds(30)) {
                try await client.health.service("main", query: HealthServiceQuery(passingOnly: true)).value.isEmpty
                    ? nil : true
            }
            try BenchPilot.wait("services.json") {
                ((try? String(contentsOf: idle.directory.appending(path: "services.json"), encoding: .utf8)) ?? "")
                    .contains("192.0.2.1")
            }
            try await Task.sleep(for: .seconds(seconds))
            let memory = try Self.memory(pid: idle.agent.pid)

            print("idle (one watch, ./ping every 5 s, control socket on, managing sleep; \(seconds) s after passing):")
            print(String(
                format: "  VmRSS %.1f MB = anonymous %.1f MB + file-backed %.1f MB (+ shmem %.1f MB); "
                    + "PSS %.1f MB; %d threads",
                memory.rss, memory.anonymous, memory.file, memory.shmem, memory.pss, memory.threads))
            let mappings = try Self.residentByFile(pid: idle.agent.pid)
            print("  file-backed by file: " + mappings.map { "\($0.file) " + String(format: "%.1f MB", $0.megabytes) }
                .joined(separator: ", "))
        }
    }

    /// One started pilot, and the milliseconds from its spawn to its first request's bytes at the proxy.
    struct Started {
        var agent: BenchPilot
        var directory: URL
        var firstRequest: Double
    }

    /// Starts pilot as the idle configuration says, pointed at the proxy, and waits for its first request.
    static func start(pilot: String, proxy: FirstRequestProxy) async throws -> Started {
        let directory = try idleDirectory()
        let environment = idleEnvironment(directory: directory, consulPort: proxy.port)
        let spawned = ContinuousClock.now
        let agent = try BenchPilot(pilot: pilot, environment: environment, directory: directory)
        var arrival: (accepted: ContinuousClock.Instant, firstBytes: ContinuousClock.Instant)?
        do {
            try BenchPilot.wait("pilot's first Consul request", timeout: .seconds(20)) {
                arrival = proxy.firstConnection(after: spawned)
                return arrival != nil
            }
        } catch {
            agent.stop()
            throw BenchError("\(error); pilot's output:\n\(agent.log)")
        }
        let elapsed = arrival!.firstBytes - spawned
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return Started(agent: agent, directory: directory, firstRequest: milliseconds)
    }

    /// A working directory for the idle agent: its dependencies (`main` needs `db`) and a `./ping` that passes.
    static func idleDirectory() throws -> URL {
        let directory = try BenchPilot.workingDirectory(dependencies: #"{"main": ["db"]}"#)
        let ping = directory.appending(path: "ping")
        try "#!/bin/sh\nexit 0\n".write(to: ping, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: ping.path(percentEncoded: false))
        return directory
    }

    /// The idle agent's environment: `main` managing `sleep`, checked every 5 s, talking to Consul at `consulPort`.
    static func idleEnvironment(directory: URL, consulPort: Int) -> [String: String] {
        [
            "CONSUL_ADDR": "127.0.0.1:\(consulPort)", "SERVICE_NAME": "main", "SERVICE_PORT": "8080",
            "SERVICE_INTERFACE": "static:127.0.0.1", "SERVICE_COMMAND": "sleep 1000",
            "PILOT_CHECK_INTERVAL": "5s",
            "PILOT_SERVICES_FILE": directory.appending(path: "services.json").path(percentEncoded: false),
        ]
    }

    /// Memory of a process in MB of 1,024 kB (status for the split, smaps_rollup for PSS), and its thread count.
    static func memory(pid: Int32) throws
        -> (rss: Double, anonymous: Double, file: Double, shmem: Double, pss: Double, threads: Int)
    {
        func fields(_ path: String) throws -> [String: Int] {
            let text = try procFile(path)
            var result: [String: Int] = [:]
            for line in text.split(separator: "\n") {
                let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "\t" })
                if parts.count >= 2, let value = Int(parts[1]) { result[String(parts[0])] = value }
            }
            return result
        }
        let status = try fields("/proc/\(pid)/status")
        let rollup = try fields("/proc/\(pid)/smaps_rollup")
        func megabytes(_ kilobytes: Int?) -> Double { Double(kilobytes ?? 0) / 1024 }
        return (
            megabytes(status["VmRSS"]), megabytes(status["RssAnon"]), megabytes(status["RssFile"]),
            megabytes(status["RssShmem"]), megabytes(rollup["Pss"]), status["Threads"] ?? 0
        )
    }

    /// A /proc file's text, read to the end: /proc files report size 0, and a reader that trusts the size stops
    /// short (smaps is longer than one read).
    static func procFile(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BenchError("cannot read \(path)") }
        defer { try? handle.close() }
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Resident megabytes of each file mapped into a process (`/proc/PID/smaps`), largest first.
    static func residentByFile(pid: Int32) throws -> [(file: String, megabytes: Double)] {
        let text = try procFile("/proc/\(pid)/smaps")
        var kilobytes: [String: Int] = [:]
        var current: String?
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if let first = parts.first, first.contains("-"), parts.count >= 5 {
                // A mapping's header: address range, permissions, offset, device, inode, then the path if any.
                let path = parts.count >= 6 && parts[5].hasPrefix("/") ? parts[5] : nil
                current = path.flatMap { $0.split(separator: "/").last.map(String.init) }
            } else if parts.first == "Rss:", let file = current, parts.count >= 2, let value = Int(parts[1]) {
                kilobytes[file, default: 0] += value
            }
        }
        return kilobytes.filter { $0.value > 0 }.sorted { $0.value > $1.value }
            .map { (file: $0.key, megabytes: Double($0.value) / 1024) }
    }

    /// Milliseconds from posix_spawn of `path` (output to /dev/null) until it has exited and been reaped.
    static func wallTime(_ path: String, _ arguments: [String]) throws -> Double {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let result = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard result == 0 else { throw BenchError("cannot spawn \(path): errno \(result)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let elapsed = ContinuousClock.now - start
        guard status == 0 else {
            throw BenchError("\(path) \(arguments.joined(separator: " ")) exited with status \(status)")
        }
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }
}
