import Foundation
import Testing
import TestSupport

/// The generated Go reader under a real pilot and a real Consul: pilot rewrites services.json and sends
/// SIGHUP, and the Go program built from `clients/go` sees the new instance.
@Suite(.serialized) struct GoClientEndToEndTests {
    static let clients = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "clients/go")

    /// Builds `clients/go/cmd/reload` with the Go toolchain, offline (standard library only).
    static func buildReloadProgram(into directory: URL) throws -> String {
        let output = directory.appending(path: "reload").path(percentEncoded: false)
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["go", "build", "-o", output, "./cmd/reload"]
        process.currentDirectoryURL = clients
        process.environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path(percentEncoded: false),
            "GOCACHE": directory.appending(path: "gocache").path(percentEncoded: false), "GOPROXY": "off", "GOFLAGS": "-mod=mod",
        ]
        let log = Pipe()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let text = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BuildFailed(log: text) }
        return output
    }

    struct BuildFailed: Error, CustomStringConvertible {
        var log: String
        var description: String { "go build failed:\n\(log)" }
    }

    @Test func pilotRewritesTheFileAndTheGoReaderSeesTheNewInstanceOnSIGHUP() async throws {
        try await withConsul(name: "go-e2e") { consul, probe in
            try await probe.addInstance("service2", id: "s2-a", address: "192.0.2.1", port: 80)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"service1": ["service2"]}"#)
            let program = try Self.buildReloadProgram(into: directory)
            let pilot = try PilotAgent(
                environment: DiscoveryTests.environment(consul, directory: directory, extra: [
                    "SERVICE_NAME": "service1", "SERVICE_SIGNAL_CHANGED": "1",
                    "SERVICE_COMMAND": "\(program) -file \(PilotAgent.servicesFile(in: directory))",
                ]),
                directory: directory)
            // The program starts after the first complete file, and prints what it read.
            try await pilot.waitForLog("service2: 192.0.2.1:80\n")
            try await probe.addInstance("service2", id: "s2-b", address: "192.0.2.2", port: 80)
            try await pilot.waitForLog("service2: 192.0.2.1:80 192.0.2.2:80\n")
            #expect(pilot.log.contains("sent SIGHUP to the service"))
            try await probe.removeInstance("s2-a")
            try await pilot.waitForLog("service2: 192.0.2.2:80\n")
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }
}
