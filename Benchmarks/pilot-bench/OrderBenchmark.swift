import ArgumentParser
import ConsulAPI
import Foundation
import Logging
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `pilot-bench order`: writes the symbol ordering file the deployed build links with (`scripts/pilot.order`).
///
/// Runs a built pilot under valgrind's callgrind in `pilot-bench footprint`'s idle scenario (start, register,
/// write `services.json`, two checks, SIGTERM), and then running an idle ContainerPilot configuration (a
/// registered job with its check, a watch and a job on it, telemetry), and lists every function of the binary
/// that ran in either. lld places
/// those functions first in `.text`, so the code an agent touches sits in a few megabytes and the kernel's
/// fault-around maps little of the cold rest: idle RSS follows the code that runs, not the code linked in.
struct OrderBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Write the functions an idle pilot runs, for lld's --symbol-ordering-file (needs valgrind).")

    @Option(help: "The pilot binary, built as deployed and not stripped (its symbol table names the functions).")
    var pilot = ".build/deployed/release/pilot"

    @Option(help: "Where the ordering file is written.")
    var output = "scripts/pilot.order"

    @Option(help: "Seconds the registered agent runs idle under valgrind before SIGTERM.")
    var seconds = 12

    func run() async throws {
        let pilot = URL(filePath: pilot).standardizedFileURL.path(percentEncoded: false)
        let symbols = try Self.functionSymbols(of: pilot)
        guard !symbols.isEmpty else {
            throw BenchError("\(pilot) has no symbol table: give the binary before strip")
        }
        // valgrind cannot read the DWARF 5 the toolchain writes; a copy without it keeps the symbol table.
        let scratch = FileManager.default.temporaryDirectory.appending(path: "pilot-order-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let copy = scratch.appending(path: "pilot").path(percentEncoded: false)
        try Self.execute("strip", ["--strip-debug", "-o", copy, pilot])
        let profile = scratch.appending(path: "callgrind.out").path(percentEncoded: false)
        let containerPilotProfile = scratch.appending(path: "callgrind-cp.out").path(percentEncoded: false)
        let valgrind = try Self.which("valgrind")

        try await BenchConsul.with(name: "bench-order") { consul, client in
            try await BenchConsul.registerOneDatabase(client)
            let directory = try FootprintBenchmark.idleDirectory()
            let agent = try BenchPilot(
                pilot: copy,
                environment: FootprintBenchmark.idleEnvironment(directory: directory, consulPort: consul.ports.http),
                directory: directory,
                wrapper: [valgrind, "--tool=callgrind", "--demangle=no", "--callgrind-out-file=\(profile)"])
            defer { agent.stop() }
            _ = try await Polling.until("main registered and passing under valgrind", timeout: .seconds(120)) {
                try await client.health.service("main", query: HealthServiceQuery(passingOnly: true)).value.isEmpty
                    ? nil : true
            }
            try BenchPilot.wait("services.json", timeout: .seconds(120)) {
                ((try? String(contentsOf: directory.appending(path: "services.json"), encoding: .utf8)) ?? "")
                    .contains("192.0.2.1")
            }
            try await Task.sleep(for: .seconds(seconds))
            agent.stop()
            try await Self.runContainerPilotScenario(
                pilot: copy, consul: consul, client: client, seconds: seconds,
                wrapper: [valgrind, "--tool=callgrind", "--demangle=no", "--callgrind-out-file=\(containerPilotProfile)"])
        }

        let ran = try Self.functionsRun(profile: profile).union(Self.functionsRun(profile: containerPilotProfile))
        // An async function is split at its awaits into partial functions (`TQ<n>_`, `TY<n>_`), and which
        // of them run depends on whether each await suspended: under valgrind some do that natively do not.
        // When one part of an async function ran, all its parts are listed.
        let asyncRan = Set(ran.compactMap(Self.asyncFunction(of:)))
        let ordered = symbols.filter { ran.contains($0) || Self.asyncFunction(of: $0).map(asyncRan.contains) == true }
            .sorted()
        try (ordered.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
        print("pilot-bench order: \(ordered.count) of the \(symbols.count) functions in \(pilot) ran; "
            + "written to \(output)")
    }

    /// An idle ContainerPilot configuration under `wrapper`: `app` registered with its check every second, a
    /// watch of `db` with a job on its changes, telemetry; it runs until `app` passes and the watch's job has run,
    /// then `seconds` more.
    static func runContainerPilotScenario(
        pilot: String, consul: ConsulDevAgent, client: ConsulClient, seconds: Int, wrapper: [String]
    ) async throws {
        let directory = try FootprintBenchmark.idleDirectory()
        let marks = directory.path(percentEncoded: false)
        let file = directory.appending(path: "containerpilot.json5").path(percentEncoded: false)
        try """
            {
              consul: "\(consul.httpAddress.hostAndPort)",
              control: { socket: "\(marks)/cp.socket" },
              jobs: [
                { name: "app", exec: ["sleep", "3600"], port: 8080, interfaces: ["static:127.0.0.1"],
                  health: { exec: "true", interval: 1, ttl: 10 } },
                { name: "react", when: { source: "watch.db", each: "changed" },
                  exec: ["/bin/sh", "-c", "echo changed >> \(marks)/changes"] },
              ],
              watches: [ { name: "db", interval: 5 } ],
              telemetry: { port: \(Int.random(in: 20000...30000)), interfaces: ["static:127.0.0.1"],
                           metrics: [ { name: "runs", help: "runs", type: "counter" } ] },
            }
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let agent = try BenchPilot(
            pilot: pilot, environment: [:], command: ["-config", file], directory: directory, wrapper: wrapper)
        defer { agent.stop() }
        _ = try await Polling.until("app registered and passing under valgrind", timeout: .seconds(120)) {
            try await client.health.service("app", query: HealthServiceQuery(passingOnly: true)).value.isEmpty
                ? nil : true
        }
        try BenchPilot.wait("the watch's job", timeout: .seconds(120)) {
            FileManager.default.fileExists(atPath: marks + "/changes")
        }
        try await Task.sleep(for: .seconds(seconds))
        agent.stop()
    }

    /// The names of the functions defined in `binary` once (`nm`: text symbols, local and global).
    ///
    /// A name defined more than once is a local helper the compiler emits into many objects
    /// (`__swift_destroy_boxed_opaque_existential_0Tm`, `objectdestroyTm`): lld would move every section that
    /// defines it, and with them whole objects of the toolchain's libraries built without function sections
    /// (FoundationEssentials' JSONDecoder, the regex parser), 1.4 MB of code no idle agent runs.
    static func functionSymbols(of binary: String) throws -> Set<String> {
        let listing = try execute("nm", ["--defined-only", binary])
        var definitions: [String: Int] = [:]
        for line in listing.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 3, "tTwW".contains(fields[1]) { definitions[String(fields[2]), default: 0] += 1 }
        }
        return Set(definitions.filter { $0.value == 1 }.keys)
    }

    /// Every function callgrind saw run: the names its `fn=` and `cfn=` lines give (each name once, after its
    /// number; later lines repeat only the number).
    static func functionsRun(profile: String) throws -> Set<String> {
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        var names: Set<String> = []
        for line in text.split(separator: "\n") where line.hasPrefix("fn=(") || line.hasPrefix("cfn=(") {
            guard let close = line.firstIndex(of: ")") else { continue }
            let rest = line[line.index(after: close)...].drop { $0 == " " }
            // callgrind marks recursion levels and contexts after a quote: the symbol is what precedes it.
            let name = rest.split(separator: "'", maxSplits: 1).first.map(String.init) ?? ""
            if !name.isEmpty { names.insert(name) }
        }
        return names
    }

    /// The async function a partial function belongs to (`…TQ3_`, `…TY0_` → `…`), or the name itself when it
    /// is an async function's entry; nil for other functions.
    static func asyncFunction(of symbol: String) -> String? {
        var name = Substring(symbol)
        if name.hasSuffix("_"), let marker = name.dropLast().lastIndex(where: { !$0.isNumber }),
            name[marker] == "Q" || name[marker] == "Y", marker > name.startIndex,
            name[name.index(before: marker)] == "T", name.distance(from: marker, to: name.endIndex) > 2
        {
            name = name[..<name.index(before: marker)]
        }
        // Async function types mangle with `Ya` before the function marker `F` (…yYaKF, …yYaF).
        return name.hasSuffix("YaKF") || name.hasSuffix("YaF") ? String(name) : nil
    }

    /// The full path of `program` on `PATH`.
    static func which(_ program: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw BenchError("\(program) is not on PATH (Debian: apt-get install valgrind binutils)")
    }

    /// Runs `program` with `arguments` and returns its standard output; throws when it fails.
    @discardableResult
    static func execute(_ program: String, _ arguments: [String]) throws -> String {
        let result = try ProgramRun.run(URL(filePath: try which(program)), arguments)
        guard result.status == 0 else {
            throw BenchError("\(program) \(arguments.joined(separator: " ")) exited with \(result.status): "
                + result.standardError)
        }
        return result.standardOutput
    }
}
