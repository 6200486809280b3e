import ArgumentParser
import ConsulAPI
import Foundation
import TestSupport

/// `pilot-bench template`: a change in a real Consul → the template's file rewritten → its command run. The
/// command sends SIGHUP to a recorder process, which notes the time it arrived (as `nginx -s reload` signals
/// nginx). Prints p50, p99 and max of both steps, with pilot's default wait (a change after a calm period
/// renders at once; a burst is merged).
struct TemplateBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Time from a change in Consul to the template's file rewritten and its command run.")

    @OptionGroup var live: LiveOptions

    @Option(help: "Changes to time.")
    var changes = 200

    func run() async throws {
        let pilot = try live.executablePilot()
        print("pilot-bench template: \(changes) isolated changes at random spacing (0.2-0.6 s), one template "
            + "over service \"db\", its command `kill -HUP <recorder>`")
        let (written, commanded) = try await BenchConsul.with(name: "bench-template") { consul, client in
            try await Self.measure(pilot: pilot, changes: changes, consul: consul, client: client)
        }
        print("change → file written: \(percentiles(written))")
        print("change → command run:  \(percentiles(commanded))")
    }

    static func measure(
        pilot: String, changes: Int, consul: ConsulDevAgent, client: ConsulClient
    ) async throws -> ([Double], [Double]) {
        let directory = try BenchPilot.workingDirectory(dependencies: #"{"main": []}"#)
        try #"{{ range service "db" }}server {{ .Address }}:{{ .Port }};{{ "\n" }}{{ end }}"#.write(
            to: directory.appending(path: "upstream.ctmpl"), atomically: true, encoding: .utf8)
        let signals = directory.appending(path: "signals").path(percentEncoded: false)
        let output = directory.appending(path: "upstream.conf").path(percentEncoded: false)
        let bench = CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0]
            : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0]
        let recorder = Process()
        recorder.executableURL = URL(filePath: bench)
        recorder.arguments = ["reload-recorder", signals]
        try recorder.run()
        defer {
            kill(recorder.processIdentifier, SIGKILL)
            recorder.waitUntilExit()
        }
        try await client.agent.register(AgentServiceRegistration(
            name: "db", id: "db-0", address: "192.0.2.1", port: 1, check: .ttl(.seconds(600), checkID: "db-0")))
        let agent = try BenchPilot(
            pilot: pilot, environment: ["CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)"],
            arguments: ["--template", "upstream.ctmpl:\(output):kill -HUP \(recorder.processIdentifier)"],
            directory: directory)
        defer { agent.stop() }
        try BenchPilot.wait("the first render") { FileManager.default.fileExists(atPath: output) }
        try await Task.sleep(for: .milliseconds(300))

        var written: [Double] = []
        var commanded: [Double] = []
        var passing = false
        for _ in 0..<changes {
            try await Task.sleep(for: .milliseconds(Int.random(in: 200...600)))
            let before = recordedSignals(signals).count
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            let start = monotonicNanoseconds()
            if passing { try await client.agent.failCheck("db-0") } else { try await client.agent.passCheck("db-0") }
            passing.toggle()
            try BenchPilot.wait("the file rewritten", timeout: .seconds(10)) {
                ((try? String(contentsOfFile: output, encoding: .utf8)) ?? text) != text
            }
            written.append(Double(monotonicNanoseconds() - start) / 1e6)
            try BenchPilot.wait("the command run", timeout: .seconds(10)) { recordedSignals(signals).count > before }
            commanded.append(Double(recordedSignals(signals)[before] - start) / 1e6)
        }
        return (written, commanded)
    }
}
