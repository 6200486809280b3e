import ArgumentParser
import ConsulAPI
import Foundation
import TestSupport

/// `pilot-bench propagation`: a dependency instance changes in a real Consul → services.json rewritten →
/// SIGHUP received by the managed service. Prints p50, p99 and max, with merging off and with the default,
/// and the writes and signals a burst of 20 changes in 100 ms gives.
struct PropagationBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propagation",
        abstract: "Time from a change in Consul to SIGHUP in the managed service; writes and signals for a burst.")

    @OptionGroup var live: LiveOptions

    @Option(help: "Changes per setting.")
    var changes = 200

    func run() async throws {
        let pilot = try live.executablePilot()
        print("pilot-bench propagation: \(changes) isolated changes at random spacing (0.2-0.6 s) per setting")
        for (label, arguments) in [("merging off", ["--merge-quiet-period", "0"]), ("default merging (50ms / 1s)", [])] {
            let result = try await Self.measure(pilot: pilot, arguments: arguments, changes: changes)
            print("\(label): \(percentiles(result.latencies)); burst of 20 changes in 100 ms: "
                + "\(result.burstWrites) writes, \(result.burstSignals) signals")
        }
    }

    struct Result {
        var latencies: [Double]
        var burstWrites: Int
        var burstSignals: Int
    }

    static func measure(pilot: String, arguments: [String], changes: Int) async throws -> Result {
        try await BenchConsul.with(name: "bench-propagation") { consul, client in
            try await measure(pilot: pilot, arguments: arguments, changes: changes, consul: consul, client: client)
        }
    }

    static func measure(
        pilot: String, arguments: [String], changes: Int, consul: ConsulDevAgent, client: ConsulClient
    ) async throws -> Result {
        let directory = try BenchPilot.workingDirectory(dependencies: #"{"main": ["db"]}"#)
        let signals = directory.appending(path: "signals").path(percentEncoded: false)
        let bench = CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0]
            : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0]
        let agent = try BenchPilot(
            pilot: pilot,
            environment: [
                "CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "SERVICE_SIGNAL_CHANGED": "1",
                "SERVICE_COMMAND": "\(bench) reload-recorder \(signals)",
                "PILOT_SERVICES_FILE": directory.appending(path: "services.json").path(percentEncoded: false),
            ],
            arguments: arguments, directory: directory)
        defer { agent.stop() }
        try BenchPilot.wait("the managed service to start") { agent.log.contains("job=main pid=") }
        // A moment for the recorder to install its handler before the first signal.
        try await Task.sleep(for: .milliseconds(300))

        // Each change flips one instance in or out of the passing list: pass, fail, pass, deregister.
        var latencies: [Double] = []
        var instance = 0
        var step = 0
        try await client.agent.register(AgentServiceRegistration(
            name: "db", id: "db-0", address: "192.0.2.1", port: 1, check: .ttl(.seconds(600), checkID: "db-0")))
        for _ in 0..<changes {
            try await Task.sleep(for: .milliseconds(Int.random(in: 200...600)))
            let before = recordedSignals(signals).count
            let start = monotonicNanoseconds()
            switch step {
            case 0, 2: try await client.agent.passCheck("db-\(instance)")
            case 1: try await client.agent.failCheck("db-\(instance)")
            default:
                try await client.agent.deregister(serviceID: "db-\(instance)")
                instance += 1
                try await client.agent.register(AgentServiceRegistration(
                    name: "db", id: "db-\(instance)", address: "192.0.2.\(instance % 250 + 1)", port: 1,
                    check: .ttl(.seconds(600), checkID: "db-\(instance)")))
            }
            step = (step + 1) % 4
            try BenchPilot.wait("a signal", timeout: .seconds(10)) { recordedSignals(signals).count > before }
            latencies.append(Double(recordedSignals(signals)[before] - start) / 1e6)
        }

        // A burst: 20 new instances registered 5 ms apart, then the counts once all have arrived.
        try await Task.sleep(for: .seconds(2))
        let signalsBefore = recordedSignals(signals).count
        let writesBefore = agent.log.components(separatedBy: "wrote services.json").count
        for index in 0..<20 {
            try await client.agent.register(AgentServiceRegistration(name: "db", id: "burst-\(index)", address: "198.51.100.\(index + 1)", port: 1))
            try await Task.sleep(for: .milliseconds(5))
        }
        let file = directory.appending(path: "services.json").path(percentEncoded: false)
        try BenchPilot.wait("all 20 burst instances in services.json") {
            ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").components(separatedBy: "198.51.100.").count == 21
        }
        try await Task.sleep(for: .milliseconds(1200))
        return Result(
            latencies: latencies,
            burstWrites: agent.log.components(separatedBy: "wrote services.json").count - writesBefore,
            burstSignals: recordedSignals(signals).count - signalsBefore)
    }
}
