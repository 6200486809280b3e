import ArgumentParser
import ConsulAPI
import Foundation
import Logging
import TestSupport

/// `pilot-bench scale`: one agent watching many dependencies of many instances each: the time to the first
/// complete services.json, and the agent's memory.
struct ScaleBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale", abstract: "Time to the first complete services.json and memory for many dependencies.")

    @OptionGroup var live: LiveOptions

    @Option(help: "Dependencies.")
    var dependencies = 500

    @Option(help: "Instances of each.")
    var instances = 10

    func run() async throws {
        let pilot = live.pilotPath
        // Each watch holds one connection; Consul's default of 200 per client address is raised for this.
        let consul = try ConsulDevAgent(
            name: "bench-scale", extraConfig: "limits { http_max_conns_per_client = \(dependencies + 100) }")
        try await consul.start()
        defer { consul.stop() }
        let client = try ConsulClient(
            configuration: ConsulConfiguration(addresses: [consul.httpAddress], connectTimeout: .seconds(10)),
            logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        let names = (0..<dependencies).map { "dep-\($0)" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, name) in names.enumerated() {
                group.addTask {
                    for instance in 0..<instances {
                        try await client.agent.register(AgentServiceRegistration(
                            name: name, id: "\(name)-\(instance)", address: "10.\(index / 250).\(index % 250).\(instance + 1)", port: 80))
                    }
                }
                // A few registrations at a time: a dev agent answers each after syncing it.
                if index >= 8 { try await group.next() }
            }
            try await group.waitForAll()
        }
        try await client.shutdown()
        let list = names.map { "\"\($0)\"" }.joined(separator: ",")
        let directory = try BenchPilot.workingDirectory(dependencies: "{\"main\": [\(list)]}")
        let file = directory.appending(path: "services.json").path(percentEncoded: false)
        let start = ContinuousClock.now
        let agent = try BenchPilot(
            pilot: pilot, environment: ["CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "PILOT_SERVICES_FILE": file],
            directory: directory)
        defer { agent.stop() }
        try BenchPilot.wait("the first complete services.json", timeout: .seconds(120)) {
            FileManager.default.fileExists(atPath: file)
        }
        let elapsed = ContinuousClock.now - start
        let content = try String(contentsOfFile: file, encoding: .utf8)
        let complete = content.components(separatedBy: ":80\"").count - 1 == dependencies * instances
        try await Task.sleep(for: .seconds(5))
        let memory = agent.memory
        print("pilot-bench scale: \(dependencies) dependencies x \(instances) instances")
        print("first complete services.json after \(elapsed) (complete: \(complete), \(content.utf8.count) bytes)")
        print("memory 5 s later: RSS \(memory.rss / 1024) MB (anonymous \(memory.anonymous / 1024) MB, file-backed \(memory.file / 1024) MB)")
    }
}
