import Foundation
import Glibc
import Testing
import TestSupport

/// A Consul that accepts connections and never answers (a hung agent, a half-open proxy) must not hold a
/// ContainerPilot configuration's stop: every call a job's runner makes is bounded, so `SIGTERM`, queued behind
/// a registration in flight, is acted on within seconds rather than after the client's 30 s request timeout.
@Suite(.serialized) struct SilentConsulStopTests {
    /// A TCP port on 127.0.0.1 whose connections the kernel completes but nobody ever reads or answers.
    final class SilentListener {
        let descriptor: Int32
        let port: Int

        init() throws {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            self.descriptor = descriptor
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0, listen(descriptor, 64) == 0 else {
                close(descriptor)
                throw POSIXError(.EADDRINUSE)
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(descriptor) }
    }

    @Test func sigtermIsActedOnWithinSecondsWhileConsulNeverAnswers() async throws {
        let silent = try SilentListener()
        let directory = try PilotAgent.workingDirectory()
        try """
            {
              consul: "127.0.0.1:\(silent.port)",
              control: { socket: "\(directory.path)/cp.sock" },
              jobs: [ { name: "api", exec: ["/bin/sh", "-c", "touch \(directory.path)/up; exec sleep 3600"],
                        port: 8080, interfaces: ["static:127.0.0.1"], initial_status: "passing",
                        health: { exec: "true", interval: 1, ttl: 10 } } ],
            }
            """.write(to: directory.appending(path: "cp.json5"), atomically: true, encoding: .utf8)
        let pilot = try PilotAgent(environment: [:], arguments: ["-config", "cp.json5"], directory: directory)
        // The registration is sent at start and hangs; the process starts after it.
        _ = try await Polling.until("the registration to be in flight", timeout: .seconds(10)) {
            pilot.log.contains("control socket ready") ? true : nil
        }
        let start = ContinuousClock.now
        pilot.send(SIGTERM)
        #expect(try await pilot.waitForExit(timeout: .seconds(40)) == 0, "\(pilot.log)")
        // The registration's bound and the deregistration's, with room to spare; 30 s without the bound.
        #expect(ContinuousClock.now - start < .seconds(10), "\(pilot.log)")
        withExtendedLifetime(silent) {}
    }
}
