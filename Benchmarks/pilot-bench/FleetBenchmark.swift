import ArgumentParser
import Foundation

/// `pilot-bench fleet`: the fleet of issue 15 on this machine (three Consul servers and pilot in containers on
/// their own addresses, in network namespaces; root and `ip netns` needed). Runs `scripts/fleet` with the
/// scenarios asked for (by default 1–6 on 12 containers), then, unless `--scale 0`, its scale run (scenario 7,
/// 60 containers or as many as the machine holds), each a fleet of its own, and prints every figure together.
/// Exits as the script does: 1 when a scenario broke its promise, 2 when the fleet cannot run here.
struct FleetBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "A fleet in network namespaces under failures (scripts/fleet): each scenario's figures.")

    @OptionGroup var live: LiveOptions

    @Option(help: "The fleet script.")
    var script = "scripts/fleet"

    @Option(help: "Containers of the scenarios' fleet (12: 2 web, 4 api, 6 db).")
    var containers = 12

    @Option(help: "Containers of the scale run (scenario 7); 0 for none.")
    var scale = 60

    @Option(help: "Runs of each scenario after the cold start.")
    var `repeat` = 1

    @Flag(help: "The short form scripts/test runs: 6 containers, scenarios 1, 2 and 4, no scale run.")
    var short = false

    @Option(help: "Copy every log of the fleet here.")
    var logs: String?

    @Argument(help: "cold-start, kill-db, partition-db, rolling-db, kill-leader, servers-down (default all).")
    var scenarios: [String] = []

    func validate() throws {
        guard (3...200).contains(containers) else { throw ValidationError("--containers must be from 3 to 200") }
        guard scale == 0 || (3...200).contains(scale) else {
            throw ValidationError("--scale must be 0 (no scale run) or from 3 to 200")
        }
        guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }

    func run() async throws {
        let pilot = try live.executablePilot()
        guard FileManager.default.isExecutableFile(atPath: script) else {
            throw BenchError("no fleet script at \(script) (run from the repository's root, or pass --script)")
        }
        var runs: [[String]] = []
        var first = short ? ["--short"] : ["--containers", "\(containers)"]
        first += ["--repeat", "\(`repeat`)"] + scenarios
        runs.append(first)
        if !short && scale > 0 { runs.append(["scale", "--containers", "\(scale)"]) }
        var figures: [String] = []
        for (index, arguments) in runs.enumerated() {
            var withLogs = arguments
            if let logs { withLogs += ["--logs", runs.count == 1 ? logs : "\(logs)/run-\(index + 1)"] }
            Self.say("pilot-bench fleet: \(script) \(withLogs.joined(separator: " "))")
            let (status, results) = try Self.runFleet(script: script, arguments: withLogs, pilot: pilot)
            figures += results
            guard status == 0 else {
                Self.printFigures(figures)
                throw ExitCode(status)
            }
        }
        Self.printFigures(figures)
    }

    static func printFigures(_ figures: [String]) {
        say("\npilot-bench fleet figures:")
        for line in figures { say("  \(line)") }
    }

    /// Writes a line straight to standard output, unbuffered, so that it keeps its place among the script's
    /// lines (which go there directly) when the output is a file or a pipe.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Runs the script with its output shown as it comes; returns its exit status and its `RESULT` lines.
    static func runFleet(script: String, arguments: [String], pilot: String) throws -> (Int32, [String]) {
        let process = Process()
        process.executableURL = URL(filePath: script)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PILOT_BIN"] = pilot
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var results: [String] = []
        var pending = Data()
        let handle = pipe.fileHandleForReading
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            FileHandle.standardOutput.write(chunk)
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                if let marker = line.range(of: "RESULT ") { results.append(String(line[marker.upperBound...])) }
            }
        }
        process.waitUntilExit()
        let status = process.terminationReason == .exit ? process.terminationStatus : 1
        return (status, results)
    }
}
