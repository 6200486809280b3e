import ConsulAPI
import Foundation
import Logging
import Synchronization
import Testing
import TestSupport

/// Issue 11, defect 6: after an outage, pilot's dependency watches waited out their error backoff (a new
/// instance reached `services.json` up to 22 s after Consul was back). Now `services.json` is right within
/// about a second of Consul answering again.
@Suite(.serialized) struct WatchRecoveryFaultTests {
    /// Whether pilot logged a watch retry at least `milliseconds` away.
    static func backoffReached(_ log: String, milliseconds: Int) -> Bool {
        log.split(separator: "\n").contains { line in
            guard let range = line.range(of: "consul.retry_ms=") else { return false }
            return (Int(line[range.upperBound...].prefix { $0.isNumber }) ?? 0) >= milliseconds
        }
    }

    @Test func servicesFileIsRightWithinASecondOfConsulAnsweringAfterALongOutage() async throws {
        try await withConsul(name: "fault-recovery") { consul, probe in
            let pilot = try await PilotAgent.watchingOneDatabase(consul, probe)

            consul.stop()
            // The backoff doubles from 250 ms: a retry 8 s or more away comes after about 8-16 s of outage.
            _ = try await Polling.until("a watch backoff of 8 s; log:\n\(pilot.log)", timeout: .seconds(40)) {
                Self.backoffReached(pilot.log, milliseconds: 8000) ? true : nil
            }

            let answered = Mutex<ContinuousClock.Instant?>(nil)
            let watcher = Task {
                let client = try ConsulClient(
                    configuration: ConsulConfiguration(addresses: [consul.httpAddress]),
                    logger: Logger(label: "answer", factory: { _ in SwiftLogNoOpLogHandler() }))
                defer { Task { try? await client.shutdown() } }
                _ = try await Polling.until("Consul to answer", timeout: .seconds(30), interval: .milliseconds(10)) {
                    _ = try await client.status.leader()
                    answered.withLock { $0 = .now }
                    return true
                }
            }
            try await consul.start()
            try await watcher.value
            let firstAnswer = try #require(answered.withLock { $0 })
            try await probe.addInstance("db", id: "db-2", address: "192.0.2.2", port: 5432)
            let registered = ContinuousClock.now

            try await pilot.waitForServicesFile("{\n  \"db\": [\"192.0.2.2:5432\"]\n}\n", timeout: .seconds(30))
            let written = ContinuousClock.now
            print("services.json right \(written - firstAnswer) after Consul first answered, "
                + "\(written - registered) after the instance was registered")
            #expect(written - registered <= .milliseconds(1500))
            #expect(written - firstAnswer <= .seconds(3), "the restarted dev agent is ready about 1 s after it answers")
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }
}
