import Foundation
import Glibc
import Testing
import TestSupport

/// Swift services need no generated reader: the README shows DiscoveryModel's `ServicesDocument` with a
/// SIGHUP dispatch source. This compiles that code (a fixture) against the DiscoveryModel that `swift build`
/// made, runs it, rewrites the file and signals it, as pilot would.
@Suite(.serialized) struct SwiftReaderTests {
    @Test func swiftReaderFromTheREADMEReloadsOnSIGHUP() async throws {
        let build = ToolProcess.codegen.deletingLastPathComponent()
        // DiscoveryModel and the targets it depends on: setting-value parsers, JSON values and system calls.
        let targets = ["DiscoveryModel.build", "SettingValues.build", "JSONValues.build", "SystemSupport.build"]
        // The objects of the target's current sources (its `sources` list), not every object in the directory:
        // an incremental build leaves the object of a source file that was renamed or removed.
        let objects = try targets.flatMap { target in
            try String(contentsOf: build.appending(path: "\(target)/sources"), encoding: .utf8)
                .split(separator: "\n").map { URL(filePath: String($0)).lastPathComponent }.sorted()
                .map { build.appending(path: "\(target)/\($0).o").path(percentEncoded: false) }
        }
        try #require(!objects.isEmpty, "no DiscoveryModel objects in \(build.path(percentEncoded: false))")
        let work = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let binary = work.appending(path: "swift-reader").path(percentEncoded: false)
        let compile = try ToolProcess.tool(
            "swiftc",
            ["-swift-version", "6", "-I", build.appending(path: "Modules").path(percentEncoded: false),
             Paths.fixture("swiftReaderFromTheREADMEReloadsOnSIGHUP.swift"), "-o", binary] + objects,
            in: work)
        try #require(compile.status == 0, "\(compile)")

        let file = work.appending(path: "services.json")
        try #"{"service2": ["192.0.2.1:80"]}"#.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(filePath: binary)
        process.arguments = [file.path(percentEncoded: false)]
        let lines = LineCollector()
        let output = Pipe()
        process.standardOutput = output
        output.fileHandleForReading.readabilityHandler = { handle in lines.append(handle.availableData) }
        try process.run()
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            output.fileHandleForReading.readabilityHandler = nil
        }
        try await lines.waitFor(["service2: 192.0.2.1:80"])

        try #"{"service2": ["192.0.2.1:80", "[2001:db8::1]:80"]}"#.write(to: file, atomically: true, encoding: .utf8)
        #expect(kill(process.processIdentifier, SIGHUP) == 0)
        try await lines.waitFor(["service2: 192.0.2.1:80", "service2: 192.0.2.1:80 [2001:db8::1]:80"])

        try "not json".write(to: file, atomically: true, encoding: .utf8)
        #expect(kill(process.processIdentifier, SIGHUP) == 0)
        let path = file.path(percentEncoded: false)
        let seen = try await lines.waitFor(count: 4)
        #expect(seen[2].hasPrefix("services.json: \(path):1:1: "))
        #expect(seen[2].hasSuffix("; keeping the previous content"))
        #expect(seen[3] == "service2: 192.0.2.1:80 [2001:db8::1]:80", "the previous list stays")
        #expect(process.isRunning)
    }
}
