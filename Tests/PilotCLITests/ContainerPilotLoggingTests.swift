import Foundation
import Testing
import TestSupport

/// ContainerPilot's `logging` keys and a job's `logging.raw`, through the real `pilot` binary running one-shot
/// configurations (no Consul needed: nothing registers).
@Suite struct ContainerPilotLoggingTests {
    static func run(_ body: String, in directory: URL) throws -> ProgramRun.Result {
        try """
            {
              consul: "127.0.0.1:1",
              control: { socket: "\(directory.path)/cp.sock" },
            \(body)
            }
            """.write(to: directory.appending(path: "cp.json5"), atomically: true, encoding: .utf8)
        return try ProgramRun.run(PilotProcess.executable, ["-config", "cp.json5"], in: directory)
    }

    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "pilot-cplog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func aJobsOutputBecomesLogLinesNamingTheJob() throws {
        let result = try Self.run("""
              logging: { format: "json" },
              jobs: [ { name: "talker", exec: ["/bin/sh", "-c", "echo to-out; echo to-err >&2; printf no-newline"] } ],
            """, in: try Self.directory())
        #expect(result.status == 0, "\(result)")
        // ContainerPilot's default output is standard output.
        let lines = result.standardOutput.split(separator: "\n")
        for text in ["to-out", "to-err", "no-newline"] {
            #expect(lines.contains { $0.contains(#""message":"\#(text)""#) && $0.contains(#""job":"talker""#) },
                "\(text) in \(result.standardOutput)")
        }
        // Every line of the job's is logged before pilot says it is done.
        let done = lines.firstIndex { $0.contains("every job is done") } ?? -1
        let last = lines.lastIndex { $0.contains("no-newline") } ?? Int.max
        #expect(last < done, "\(result.standardOutput)")
    }

    @Test func aRawJobWritesStraightToPilotsOutput() throws {
        let result = try Self.run("""
              logging: { format: "json" },
              jobs: [ { name: "raw", exec: ["/bin/sh", "-c", "echo plain-line"], logging: { raw: true } } ],
            """, in: try Self.directory())
        #expect(result.status == 0, "\(result)")
        #expect(result.standardOutput.split(separator: "\n").contains("plain-line"), "\(result.standardOutput)")
    }

    @Test func theLevelHidesLinesBelowIt() throws {
        let result = try Self.run("""
              logging: { level: "ERROR" },
              jobs: [ { name: "quiet", exec: ["/bin/sh", "-c", "echo hidden"] } ],
            """, in: try Self.directory())
        #expect(result.status == 0, "\(result)")
        #expect(!result.standardOutput.contains("hidden"), "\(result)")
        #expect(!result.standardOutput.contains("started"), "\(result)")
    }

    @Test func stderrOutputSendsTheLogThere() throws {
        let result = try Self.run("""
              logging: { output: "stderr" },
              jobs: [ { name: "job", exec: ["/bin/sh", "-c", "echo marker"] } ],
            """, in: try Self.directory())
        #expect(result.status == 0, "\(result)")
        #expect(result.standardError.contains("marker"), "\(result)")
        #expect(!result.standardOutput.contains("marker"), "\(result)")
    }

    /// The log file is pilot's: a job must not inherit its descriptor (and could otherwise write past pilot's
    /// lines or keep a rotated file alive).
    @Test func aLogFileGetsTheLinesAndNoJobInheritsItsDescriptor() throws {
        let directory = try Self.directory()
        let log = directory.appending(path: "pilot.log").path
        let result = try Self.run("""
              logging: { output: "\(log)" },
              jobs: [ { name: "probe", logging: { raw: true },
                        exec: ["/bin/sh", "-c", "for fd in /proc/$$/fd/*; do readlink $fd; done; true"] } ],
            """, in: directory)
        #expect(result.status == 0, "\(result)")
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.contains("job=probe") && text.contains("started"), "\(text)")
        #expect(!result.standardOutput.contains("pilot.log"), "the job held the log file: \(result.standardOutput)")
    }

    @Test func aLogFileBehindASymbolicLinkIsRefused() throws {
        let directory = try Self.directory()
        let target = directory.appending(path: "elsewhere").path
        let link = directory.appending(path: "pilot.log").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let result = try Self.run("""
              logging: { output: "\(link)" },
              jobs: [ { name: "job", exec: "true" } ],
            """, in: directory)
        #expect(result.status == 2, "\(result)")
        #expect(result.standardError.contains("logging.output") && result.standardError.contains(link), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: target))
    }
}
