import ConsulAPI
import Foundation
import Testing
import TestSupport

/// Issue 11, defect 9: the publisher served its deadlines in order, and the 10 s start-up deadline was queued
/// first, so the second change of a burst in the first 10 s waited for it (8.9 s).
@Suite(.serialized) struct StartupBurstMergeTests {
    @Test func aBurstInTheStartupWindowIsWrittenWithinTheMaximumDelay() async throws {
        try await withConsul(name: "fault-burst") { consul, probe in
            let pilot = try await PilotAgent.watchingOneDatabase(consul, probe)
            // Well inside the 10 s start-up deadline: two changes 10 ms apart; the second is merged.
            try await probe.addInstance("db", id: "db-2", address: "192.0.2.2", port: 5432)
            try await Task.sleep(for: .milliseconds(10))
            let second = ContinuousClock.now
            try await probe.addInstance("db", id: "db-3", address: "192.0.2.3", port: 5432)
            try await pilot.waitForServicesFile(
                "{\n  \"db\": [\"192.0.2.1:5432\", \"192.0.2.2:5432\", \"192.0.2.3:5432\"]\n}\n", timeout: .seconds(10))
            let waited = ContinuousClock.now - second
            // The merge maximum delay (1 s), plus the time Consul and polling take.
            #expect(waited < .milliseconds(1_500), "the second change took \(waited)")
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }
}
