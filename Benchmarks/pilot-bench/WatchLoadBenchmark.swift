import ArgumentParser
import ConsulAPI
import Foundation
import TestSupport

/// `pilot-bench watch-load`: the requests one agent watching many unchanging dependencies makes to Consul.
struct WatchLoadBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch-load", abstract: "Requests per minute from one agent watching dependencies that do not change.")

    @OptionGroup var live: LiveOptions

    @Option(help: "Dependencies to watch.")
    var dependencies = 100

    @Option(help: "Seconds to count requests for, after the first complete services.json.")
    var seconds = 60

    func run() async throws {
        let pilot = live.pilotPath
        try await BenchConsul.with(name: "bench-load") { consul, client in
            let names = (0..<dependencies).map { "dep-\($0)" }
            for name in names {
                try await client.agent.register(
                    AgentServiceRegistration(name: name, id: name, address: "192.0.2.1", port: 1))
            }
            let list = names.map { "\"\($0)\"" }.joined(separator: ",")
            let directory = try BenchPilot.workingDirectory(dependencies: "{\"main\": [\(list)]}")
            let file = directory.appending(path: "services.json").path(percentEncoded: false)
            let agent = try BenchPilot(
                pilot: pilot,
                environment: [
                    "CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "PILOT_SERVICES_FILE": file, "LOG_LEVEL": "debug",
                ],
                directory: directory)
            defer { agent.stop() }
            try BenchPilot.wait("the first services.json") { FileManager.default.fileExists(atPath: file) }
            let calls = { agent.log.components(separatedBy: "[ConsulAPI] Consul call\n").count - 1 }
            let atStart = calls()
            try await Task.sleep(for: .seconds(seconds))
            let during = calls() - atStart
            print("pilot-bench watch-load: \(dependencies) dependencies, no changes")
            print("requests to reach the first complete file: \(atStart)")
            print(String(
                format: "requests in the next %d s: %d (%.1f per minute; each watch waits 5 minutes in Consul)",
                seconds, during, Double(during) * 60 / Double(seconds)))
            print("ContainerPilot polling \(dependencies) watches each second: \(dependencies * 60) per minute")
        }
    }
}
