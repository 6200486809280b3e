import Foundation
import Testing
import TestSupport

/// Issue 11, defect 1: a part that cannot start (its socket or port) stops pilot at once, with a message
/// naming the setting, before the service is started; and SIGTERM ends pilot whatever a part is waiting for.
@Suite(.serialized) struct StartupFailureTests {
    /// A service that leaves a mark when it starts, so a test can tell it never ran.
    static func markingService(in directory: URL) -> String {
        "sh -c 'touch \(directory.appending(path: "service-started").path(percentEncoded: false)); exec sleep 1000'"
    }

    static func serviceStarted(in directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: directory.appending(path: "service-started").path(percentEncoded: false))
    }

    @Test func aControlSocketPathTooLongExitsTwoAtOnceNamingTheSettingAndStartsNothing() async throws {
        let directory = try PilotAgent.workingDirectory()
        let longPath = "/tmp/" + String(repeating: "s", count: 120) + ".socket"
        let started = ContinuousClock.now
        let pilot = try PilotAgent(
            environment: ["SERVICE_COMMAND": Self.markingService(in: directory), "PILOT_CONTROL_SOCKET": longPath],
            directory: directory)
        #expect(try await pilot.waitForExit(timeout: .seconds(5)) == 2)
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(pilot.log.contains("PILOT_CONTROL_SOCKET"), "\(pilot.log)")
        #expect(!Self.serviceStarted(in: directory))
    }

    @Test func aTelemetryPortInUseExitsTwoAtOnceNamingTheSettingAndStartsNothing() async throws {
        let directory = try PilotAgent.workingDirectory()
        let listener = try TCPListener()
        let started = ContinuousClock.now
        let pilot = try PilotAgent(
            environment: [
                "SERVICE_COMMAND": Self.markingService(in: directory), "TELEMETRY_PORT": "\(listener.port)",
                "TELEMETRY_ADDRESS": "127.0.0.1",
            ],
            directory: directory)
        #expect(try await pilot.waitForExit(timeout: .seconds(5)) == 2)
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(pilot.log.contains("TELEMETRY_PORT"), "\(pilot.log)")
        #expect(pilot.log.contains("in use"), "\(pilot.log)")
        #expect(!Self.serviceStarted(in: directory))
        listener.close()
    }

    @Test func aUserWhoCannotCreateTheDefaultControlSocketIsToldSoAndPilotExitsTwo() async throws {
        try #require(getuid() == 0, "needs root to run pilot as another user")
        let directory = try PilotAgent.workingDirectory()
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path(percentEncoded: false))
        let pilot = try PilotAgent(
            environment: ["SERVICE_COMMAND": "sleep 1000", "PILOT_CONTROL_SOCKET": ""],
            directory: directory,
            wrapper: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                      PilotAgent.executable.path(percentEncoded: false)])
        #expect(try await pilot.waitForExit(timeout: .seconds(5)) == 2)
        #expect(pilot.log.contains("/var/run/containerpilot.socket"), "\(pilot.log)")
        #expect(pilot.log.contains("PILOT_CONTROL_SOCKET"), "\(pilot.log)")
    }

    @Test func sigtermEndsPilotWhileTheServiceWaitsForTheFirstFileAndConsulIsAway() async throws {
        let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db"]}"#)
        let port = FreePorts.take(1)[0]
        let pilot = try PilotAgent(
            environment: [
                "CONSUL_ADDR": "127.0.0.1:\(port)", "SERVICE_COMMAND": "sleep 1000", "SERVICE_PORT": "80",
                "SERVICE_INTERFACE": "static:127.0.0.1", "PILOT_SERVICES_FILE": PilotAgent.servicesFile(in: directory),
            ],
            directory: directory)
        try await pilot.waitForLog("waiting for the first services.json")
        let signalled = ContinuousClock.now
        pilot.send(SIGTERM)
        _ = try await pilot.waitForExit(timeout: .seconds(10))
        #expect(ContinuousClock.now - signalled < .seconds(3), "log:\n\(pilot.log)")
    }
}

/// A TCP port held open on 127.0.0.1, to make a port busy.
final class TCPListener: Sendable {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 4) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { Glibc.close(descriptor) }
}
