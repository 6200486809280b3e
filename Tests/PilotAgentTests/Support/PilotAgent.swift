import Foundation
import Synchronization
import TestSupport

/// A real `pilot` process, started as a container would start it, with its log captured line by line.
final class PilotAgent: Sendable {
    /// The built `pilot` binary beside this test bundle.
    static let executable = ProgramRun.builtProduct("pilot")

    private let process: Process
    private let output = LogBuffer()
    /// The working directory it runs in (where `./ping` and `serviceDependencies.json` are).
    let directory: URL

    /// Starts `pilot` with only `environment` (plus `PATH`), in `directory`; or, with a `wrapper`, that command
    /// line followed by `arguments` (include ``executable`` in it where the wrapper needs pilot's path).
    init(
        environment: [String: String], arguments: [String] = ["run"], directory: URL,
        wrapper: [String] = []
    ) throws {
        self.directory = directory
        process = Process()
        if wrapper.isEmpty {
            process.executableURL = Self.executable
            process.arguments = arguments
        } else {
            process.executableURL = URL(filePath: wrapper[0])
            process.arguments = Array(wrapper.dropFirst()) + arguments
        }
        // Each agent gets a control socket of its own, so agents of tests running side by side never meet.
        var fullEnvironment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "PILOT_CONTROL_SOCKET": directory.appending(path: "pilot-\(UUID().uuidString.prefix(8)).socket").path(percentEncoded: false),
            // Never the host's /etc/containerpilot/services.json, pilot's default (scripts/test checks it).
            "PILOT_SERVICES_FILE": Self.servicesFile(in: directory),
        ]
        fullEnvironment.merge(environment) { _, new in new }
        process.environment = fullEnvironment
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        pipe.fileHandleForReading.readabilityHandler = { [output] handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                output.close()
                return
            }
            output.append(String(decoding: data, as: UTF8.self))
        }
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// The process ID.
    var pid: Int32 { process.processIdentifier }

    /// Everything it printed so far (log and the managed service's output).
    var log: String { output.text }

    /// Whether it still runs.
    var isRunning: Bool { process.isRunning }

    /// Sends a signal.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Sends a signal to the process this one started (pilot, when a wrapper such as `unshare` runs it).
    func sendToChild(_ signal: Int32) throws {
        let children = try String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)
        for child in children.split(separator: " ").compactMap({ Int32($0) }) { kill(child, signal) }
    }

    /// Waits until it has printed `text`.
    func waitForLog(_ text: String, timeout: Duration = .seconds(20)) async throws {
        _ = try await Polling.until("pilot to log \"\(text)\"; log so far:\n\(log)", timeout: timeout) {
            log.contains(text) ? true : nil
        }
    }

    /// Waits until it has exited, and returns its exit status.
    func waitForExit(timeout: Duration = .seconds(20)) async throws -> Int32 {
        _ = try await Polling.until("pilot to exit; log:\n\(log)", timeout: timeout, interval: .milliseconds(5)) {
            process.isRunning ? nil : true
        }
        // What it printed last may still be in the pipe; a child that outlived it may hold the pipe open,
        // so the wait for the end of its output is short.
        _ = try? await Polling.until("pilot's output to end", timeout: .seconds(1), interval: .milliseconds(5)) {
            output.isClosed ? true : nil
        }
        return process.terminationStatus
    }

    /// A fresh working directory, with `./ping` printing `pingOutput` and exiting `pingStatus`, when given.
    static func workingDirectory(ping: String? = nil) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "pilot-agent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if let ping { try writeScript(ping, to: directory.appending(path: "ping")) }
        return directory
    }

    /// Creates an empty file, as `touch` does.
    static func touch(_ url: URL) {
        _ = FileManager.default.createFile(atPath: url.path(percentEncoded: false), contents: nil)
    }

    /// Writes an executable shell script.
    static func writeScript(_ body: String, to url: URL) throws {
        try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path(percentEncoded: false))
    }
}

/// Text appended by a reading callback and read by the test.
private final class LogBuffer: Sendable {
    private let storage = Mutex(("", false))

    func append(_ text: String) { storage.withLock { $0.0 += text } }
    var text: String { storage.withLock { $0.0 } }
    /// Whether the pipe reached its end.
    var isClosed: Bool { storage.withLock { $0.1 } }
    func close() { storage.withLock { $0.1 = true } }
}
