import Foundation
import Testing
import TestSupport

/// ContainerPilot's single-dash command lines, through the real `pilot` binary: `-version`, `-config FILE
/// -template [-out PATH]`, `CONTAINERPILOT`, and the usage errors (exit 2) for what ContainerPilot would have
/// misread or silently ignored.
@Suite struct ContainerPilotCommandLineTests {
    static let configuration = """
        {
          consul: "{{ .CONSUL | default "localhost" }}:8500",
          control: { socket: "{{ .SOCKET }}" },
          jobs: [
            {
              name: "app",
              exec: "/bin/app {{ .URL }}",
              port: {{ .PORT }},
              health: { exec: "true", interval: 5, ttl: 10 },
            },
          ],
        }

        """

    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "pilot-cp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try configuration.write(to: directory.appending(path: "cp.json5"), atomically: true, encoding: .utf8)
        return directory
    }

    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws
        -> ProgramRun.Result
    {
        try ProgramRun.run(PilotProcess.executable, arguments, in: directory, environment: environment)
    }

    @Test func versionFlagPrintsContainerPilotsTwoLines() throws {
        let result = try PilotProcess.run(["-version"])
        #expect(result.status == 0)
        #expect(result.standardOutput == "Version: 0.1.0\nGitHash: unknown\n")
    }

    @Test func templateRendersTheEnvironmentKeepingAValueWithEqualsWhole() throws {
        let directory = try Self.directory()
        let result = try Self.run(
            ["-config", "cp.json5", "-template"], in: directory,
            environment: ["URL": "http://h/?a=b&c=d", "PORT": "8080", "SOCKET": "/tmp/x.sock"])
        #expect(result.status == 0, "\(result)")
        #expect(result.standardOutput.contains(#"consul: "localhost:8500","#))
        // ContainerPilot cuts an environment value at its second "=" (http://h/?a=b&c): pilot keeps it.
        #expect(result.standardOutput.contains(#"exec: "/bin/app http://h/?a=b&c=d","#), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("port: 8080,"))
    }

    @Test func templateWritesToOutFromTheContainerpilotVariableWithoutFollowingALink() throws {
        let directory = try Self.directory()
        let victim = directory.appending(path: "victim")
        try "keep".write(to: victim, atomically: true, encoding: .utf8)
        let out = directory.appending(path: "rendered.json5")
        try FileManager.default.createSymbolicLink(at: out, withDestinationURL: victim)
        let result = try Self.run(
            ["-template", "-out", "rendered.json5"], in: directory,
            environment: ["CONTAINERPILOT": "file://\(directory.appending(path: "cp.json5").path)", "PORT": "80"])
        #expect(result.status == 0, "\(result)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep", "the link's target was written")
        let rendered = try String(contentsOf: out, encoding: .utf8)
        #expect(rendered.contains("port: 80,"))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: out.path)) == nil, "still a link")
    }

    @Test func aConfigurationErrorNamesTheRenderedAndTheSourcePlace() throws {
        let directory = try Self.directory()
        let result = try Self.run(["-config", "cp.json5"], in: directory, environment: ["PORT": "abc"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("cp.json5:8:13:"), "\(result.standardError)")
        #expect(result.standardError.contains("in the template source"), "\(result.standardError)")
    }

    @Test func aTemplateErrorNamesItsLineColumnAndFunction() throws {
        let directory = try Self.directory()
        try "{\n  a: \"{{ .X | nosuch }}\"\n}\n".write(
            to: directory.appending(path: "bad.json5"), atomically: true, encoding: .utf8)
        let result = try Self.run(["-config", "bad.json5", "-template"], in: directory)
        #expect(result.status == 2)
        #expect(result.standardError.contains("bad.json5:2:"), "\(result.standardError)")
        #expect(result.standardError.contains("\"nosuch\""), "\(result.standardError)")
    }

    @Test(arguments: [
        (["-maintenance", "maybe"], "expected enable or disable"),
        (["-putenv", "FOO"], "not in the form key=value"),
        (["-putmetric"], "flag needs an argument: -putmetric"),
        (["-template"], "needs -config PATH or the CONTAINERPILOT variable"),
        (["-ping", "-nosuch"], "flag provided but not defined: -nosuch"),
        (["-reload=maybe"], "invalid boolean value"),
        (["-putenv", "=x"], "has no key before ="),
    ])
    func usageErrorsExitTwoWithAMessage(arguments: [String], message: String) throws {
        let result = try PilotProcess.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result)")
        #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
    }

    /// A configuration of one job that leaves a file behind, and ends when the job has.
    static func oneShot(_ directory: URL, exec: String) throws -> URL {
        let file = directory.appending(path: "oneshot.json5")
        try """
            {
              consul: "127.0.0.1:1",
              control: { socket: "\(directory.path)/cp.sock" },
              jobs: [ { name: "once", exec: \(exec) } ],
            }
            """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func aConfigurationRunsItsJobsAndEndsWhenTheyAreDone() throws {
        let directory = try Self.directory()
        _ = try Self.oneShot(directory, exec: #"["/bin/sh", "-c", "echo $CONTAINERPILOT_PID > ran"]"#)
        let result = try Self.run(["-config", "oneshot.json5"], in: directory)
        #expect(result.status == 0, "\(result)")
        let ran = try String(contentsOf: directory.appending(path: "ran"), encoding: .utf8)
        #expect(Int32(ran.trimmingCharacters(in: .whitespacesAndNewlines)) != nil, "CONTAINERPILOT_PID: \(ran)")
    }

    /// ContainerPilot exits 0 whatever its jobs did; a container whose only job failed should not look done.
    @Test func endingWithAJobWhoseLastRunFailedExitsOne() throws {
        let directory = try Self.directory()
        _ = try Self.oneShot(directory, exec: #""false""#)
        let result = try Self.run(["-config", "oneshot.json5"], in: directory)
        #expect(result.status == 1, "\(result)")
    }

    /// ContainerPilot's containers start it with `CONTAINERPILOT` set and no arguments: that is its command line,
    /// not pilot's environment contract running beside an ignored configuration.
    @Test func theContainerpilotVariableAloneIsReadAsContainerPilotsCommandLine() throws {
        let directory = try Self.directory()
        let file = try Self.oneShot(directory, exec: #"["/bin/sh", "-c", "echo yes > ran"]"#)
        let result = try Self.run([], in: directory, environment: ["CONTAINERPILOT": "file://" + file.path])
        #expect(result.status == 0, "\(result)")
        #expect(FileManager.default.fileExists(atPath: directory.appending(path: "ran").path))
    }

    /// `pilot run --config` reads pilot's own keys, but a ContainerPilot file given to it is recognised and run
    /// as one, not refused for its unknown keys.
    @Test func pilotRunRecognisesAContainerPilotFileAndRunsIt() throws {
        let directory = try Self.directory()
        _ = try Self.oneShot(directory, exec: #"["/bin/sh", "-c", "echo yes > ran"]"#)
        let result = try Self.run(["run", "--config", "oneshot.json5"], in: directory)
        #expect(result.status == 0, "\(result)")
        #expect(FileManager.default.fileExists(atPath: directory.appending(path: "ran").path))
    }

    @Test func pilotRunsOtherFlagsBesideAContainerPilotFileAreAUsageError() throws {
        let directory = try Self.directory()
        _ = try Self.oneShot(directory, exec: #"["/bin/sh", "-c", "echo yes > ran"]"#)
        let result = try Self.run(["run", "--config", "oneshot.json5", "--restart", "always"], in: directory)
        #expect(result.status == 2, "\(result)")
        #expect(result.standardError.contains("is a ContainerPilot configuration"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "ran").path))
    }

    @Test func outKeepsTheModeOfTheFileItReplaces() throws {
        let directory = try Self.directory()
        let out = directory.appending(path: "secret.json5")
        try "old".write(to: out, atomically: true, encoding: .utf8)
        chmod(out.path, 0o600)
        let result = try Self.run(
            ["-config", "cp.json5", "-template", "-out", "secret.json5"], in: directory,
            environment: ["PORT": "80", "SOCKET": "/s"])
        #expect(result.status == 0, "\(result)")
        let mode = try FileManager.default.attributesOfItem(atPath: out.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOf: out, encoding: .utf8).contains("port: 80,"))
    }

    @Test func aFIFOAsTheConfigurationIsRefusedInsteadOfBlocking() throws {
        let directory = try Self.directory()
        let fifo = directory.appending(path: "fifo.json5").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let result = try Self.run(["-config", "fifo.json5", "-template"], in: directory)
        #expect(result.status == 2)
        #expect(result.standardError.contains("not a regular file"), "\(result.standardError)")
    }
}
