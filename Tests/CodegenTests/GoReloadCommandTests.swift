import Foundation
import Glibc
import Testing
import TestSupport

/// `clients/go/cmd/reload`, the program pilot's end-to-end tests run as the managed service: built from the
/// generated reader, it prints one line per reload, and a SIGHUP after an atomic rewrite shows the new list.
@Suite(.serialized) struct GoReloadCommandTests {
    @Test func reloadCommandPrintsTheNewInstancesAfterSIGHUP() async throws {
        let work = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let binary = work.appending(path: "reload").path(percentEncoded: false)
        let build = try ToolProcess.tool(
            "go", ["build", "-o", binary, "./cmd/reload"], in: Paths.packageRoot.appending(path: "clients/go"),
            environment: try ClientSuiteTests.goEnvironment())
        try #require(build.status == 0, "\(build)")

        let file = work.appending(path: "services.json")
        try #"{"service2": ["192.0.2.1:80"], "service3": []}"#.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(filePath: binary)
        process.arguments = ["-file", file.path(percentEncoded: false)]
        let lines = LineCollector()
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        output.fileHandleForReading.readabilityHandler = { handle in lines.append(handle.availableData) }
        try process.run()
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            output.fileHandleForReading.readabilityHandler = nil
        }

        try await lines.waitFor(["service2: 192.0.2.1:80"])
        // Replaced as pilot does (a new file renamed over the old), then signalled.
        try #"{"service2": ["192.0.2.1:80", "192.0.2.2:80"], "service3": []}"#
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(kill(process.processIdentifier, SIGHUP) == 0)
        try await lines.waitFor(["service2: 192.0.2.1:80", "service2: 192.0.2.1:80 192.0.2.2:80"])

        try #"{"service2": [], "service3": []}"#.write(to: file, atomically: true, encoding: .utf8)
        #expect(kill(process.processIdentifier, SIGHUP) == 0)
        try await lines.waitFor(["service2: 192.0.2.1:80", "service2: 192.0.2.1:80 192.0.2.2:80", "service2: "])
        #expect(process.isRunning, "the program survives its SIGHUPs")
    }
}
