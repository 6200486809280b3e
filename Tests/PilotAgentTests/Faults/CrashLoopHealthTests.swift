import ConsulAPI
import Foundation
import Testing
import TestSupport

/// Issue 11, defect 14: a service in a crash loop with no `./ping` used to flip to passing on every
/// restart, drawing traffic it could not serve.
@Suite(.serialized) struct CrashLoopHealthTests {
    @Test func aCrashLoopingServiceWithoutPingStaysCritical() async throws {
        try await withConsul(name: "crashloop") { consul, probe in
            let directory = try PilotAgent.workingDirectory()
            let pilot = try PilotAgent(
                environment: DiscoveryTests.environment(consul, directory: directory, extra: [
                    "SERVICE_NAME": "flaky", "SERVICE_PORT": "80", "SERVICE_INTERFACE": "static:127.0.0.1",
                    "SERVICE_COMMAND": "sh -c 'sleep 0.3; exit 1'",
                ]),
                arguments: ["run", "--check-interval", "1s"], directory: directory)
            _ = try await probe.waitForStatus("flaky", .critical)
            // The first run may pass (a first start is trusted); after its crash, no restart may pass.
            try await pilot.waitForLog("restarting")
            var passing = 0
            let until = ContinuousClock.now + .seconds(4)
            while ContinuousClock.now < until {
                if try await probe.serviceCheck("flaky")?.status == .passing { passing += 1 }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(passing == 0, "log:\n\(pilot.log)")
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }
}
