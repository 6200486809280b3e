import Foundation
import Glibc
import Testing
import TestSupport

/// A Consul that accepts connections and never answers (a hung agent, a half-open proxy) must not hold a
/// ContainerPilot configuration's stop: every call a job's runner makes is bounded, so `SIGTERM`, queued behind
/// a registration in flight, is acted on within seconds rather than after the client's 30 s request timeout.
@Suite(.serialized) struct SilentConsulStopTests {
    @Test func sigtermIsActedOnWithinSecondsWhileConsulNeverAnswers() async throws {
        // Listening, never accepting: connections complete in the kernel and are never answered.
        let silent = try TCPListener()
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
