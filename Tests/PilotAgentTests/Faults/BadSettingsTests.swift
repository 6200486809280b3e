import Foundation
import Testing
import TestSupport

/// Issue 11, defect 11 (settings): a value pilot cannot use stops it with exit code 2 and a message naming the
/// variable or flag, before anything starts; it never crashes (SIGILL, exit 132), nor is it silently ignored.
@Suite(.serialized) struct BadSettingsTests {
    /// Runs `pilot run` with `environment`; a `SERVICE_COMMAND` that would leave a trace proves nothing started.
    static func run(_ environment: [String: String], _ arguments: [String] = ["run"]) async throws
        -> (status: Int32, log: String, started: Bool)
    {
        let directory = try PilotAgent.workingDirectory()
        var environment = environment
        environment["SERVICE_COMMAND"] = "touch \(directory.path(percentEncoded: false))/started"
        let pilot = try PilotAgent(environment: environment, arguments: arguments, directory: directory)
        let status = try await pilot.waitForExit()
        let started = FileManager.default.fileExists(
            atPath: directory.appending(path: "started").path(percentEncoded: false))
        return (status, pilot.log, started)
    }

    static func expectRejected(
        _ environment: [String: String], _ arguments: [String] = ["run"], naming name: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let result = try await Self.run(environment, arguments)
        #expect(result.status == 2, "exit \(result.status); log:\n\(result.log)", sourceLocation: sourceLocation)
        #expect(result.log.contains("pilot: \(name)="), "log:\n\(result.log)", sourceLocation: sourceLocation)
        #expect(!result.started, sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        "PILOT_CHECK_INTERVAL", "PILOT_CHECK_TIMEOUT", "PILOT_CHECK_TTL", "PILOT_STOP_TIMEOUT",
        "PILOT_STARTUP_DEADLINE", "PILOT_MERGE_MAX_DELAY", "PILOT_DEREGISTER_CRITICAL_AFTER",
    ])
    func durationBeyondWhatFitsExitsTwoNamingTheVariable(variable: String) async throws {
        try await Self.expectRejected([variable: "999999999999h"], naming: variable)
    }

    @Test func durationFlagBeyondWhatFitsExitsTwoNamingTheFlag() async throws {
        try await Self.expectRejected(
            [:], ["run", "--check-interval", "99999999999999999999s"], naming: "--check-interval")
    }

    @Test(arguments: [
        "9", "KILL", "SIGKILL", "SIGSTOP", "STOP", "TSTP", "TTIN", "TTOU", "CONT", "CHLD", "SEGV", "0", "99", "40",
    ])
    func reloadSignalThatWouldKillOrFreezeTheServiceIsRejected(signal: String) async throws {
        try await Self.expectRejected(["PILOT_RELOAD_SIGNAL": signal], naming: "PILOT_RELOAD_SIGNAL")
    }

    @Test(arguments: ["HUP", "SIGUSR1", "usr2", "TERM", "WINCH", "1"])
    func reloadSignalsAServiceCanCatchAreAccepted(signal: String) async throws {
        let result = try await Self.run(["PILOT_RELOAD_SIGNAL": signal], ["run", "--print-config"])
        #expect(result.status == 0, "log:\n\(result.log)")
    }

    @Test(arguments: ["999.0.0.1", "not an address", "example.com"])
    func telemetryAddressThatIsNotAnIPAddressExitsTwoNamingIt(address: String) async throws {
        try await Self.expectRejected(
            ["TELEMETRY_ADDRESS": address, "TELEMETRY_PORT": "19999"], naming: "TELEMETRY_ADDRESS")
    }

    @Test func controlSocketPathTooLongForSockaddrExitsTwoNamingTheVariable() async throws {
        let path = "/tmp/" + String(repeating: "s", count: 103)  // 108 bytes: no room for the NUL
        try await Self.expectRejected(["PILOT_CONTROL_SOCKET": path], naming: "PILOT_CONTROL_SOCKET")
    }

    @Test func controlSocketFlagTooLongExitsTwoNamingTheFlag() async throws {
        let path = "/tmp/" + String(repeating: "s", count: 200)
        try await Self.expectRejected([:], ["run", "--control-socket", path], naming: "--control-socket")
    }

    @Test(arguments: ["CONSUL_CACERT", "CONSUL_CAPATH", "CONSUL_CLIENT_CERT", "CONSUL_CLIENT_KEY"])
    func missingTLSFileExitsTwoNamingTheVariable(variable: String) async throws {
        var environment = [variable: "/nonexistent/\(variable.lowercased())"]
        // A certificate and its key go together; give the other one as a readable file.
        if variable == "CONSUL_CLIENT_CERT" { environment["CONSUL_CLIENT_KEY"] = "/etc/passwd" }
        if variable == "CONSUL_CLIENT_KEY" { environment["CONSUL_CLIENT_CERT"] = "/etc/passwd" }
        try await Self.expectRejected(environment, naming: variable)
    }

    @Test func unreadableCertificateExitsTwoNamingTheVariable() async throws {
        let directory = try PilotAgent.workingDirectory()
        // A directory where a file is expected cannot be read as a certificate.
        try await Self.expectRejected(["CONSUL_CACERT": directory.path(percentEncoded: false)], naming: "CONSUL_CACERT")
    }

    @Test(arguments: ["CONSUL_HTTP_SSL", "CONSUL_HTTP_SSL_VERIFY"])
    func consulBooleanThatIsNotOneExitsTwoNamingIt(variable: String) async throws {
        try await Self.expectRejected([variable: "maybe"], naming: variable)
    }
}
