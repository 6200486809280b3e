import ConsulAPI
import Foundation
import Synchronization
import TestSupport
import Testing

/// Issue 11, defect 6: after an outage, watches must not wait out their error backoff (up to a minute) once
/// Consul answers again. Any answered call, or the client's probe, wakes them; each retries after its own jitter.
@Suite("Watch recovery after a Consul outage", .serialized)
struct WatchRecoveryTests {
    /// The longest a watch may take, from the restarted agent's first answer, to deliver the current state.
    static let recoveryBudget: Duration = .milliseconds(1500)

    /// The backoff (logged as `consul.retry_ms`) a watch has reached when it waits at least this long.
    static func backoffReached(_ logs: LogRecorder, milliseconds: Int64) -> Bool {
        logs.recorded.contains { line in
            guard line.contains("Consul watch call failed; retrying"),
                let range = line.range(of: "consul.retry_ms=")
            else { return false }
            let digits = line[range.upperBound...].prefix { $0.isNumber }
            return (Int64(digits) ?? 0) >= milliseconds
        }
    }

    @Test func watchDeliversWithinASecondAndAHalfOfConsulAnsweringAfterALongOutage() async throws {
        let logs = LogRecorder()
        try await withConsulDevAgent(name: "recovery") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress]), logger: logs.logger()) {
                consul in
                try await consul.agent.register(AgentServiceRegistration(name: "web", id: "web-1", port: 8080))
                let watch = WatchRecorder(consul.health.watchService("web") { $0.map(\.instanceEndpoint) })
                defer { Task { await watch.cancel() } }
                _ = try await watch.delivery { $0 == ["127.0.0.1:8080"] }
                let before = watch.all.count

                agent.stop()
                let outageStart = ContinuousClock.now
                // The default policy doubles from 250 ms: a retry 8 s or more away takes about 8-16 s of outage.
                _ = try await Polling.until("the watch's backoff to reach 8 s", timeout: .seconds(40)) {
                    Self.backoffReached(logs, milliseconds: 8000) ? true : nil
                }
                #expect(ContinuousClock.now - outageStart >= .seconds(8))

                // Start the agent again on the same port, and note when it first answers.
                let answered = Mutex<ContinuousClock.Instant?>(nil)
                let probe = Task {
                    try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { probe in
                        _ = try await Polling.until("the restarted agent to answer", timeout: .seconds(30),
                            interval: .milliseconds(10)) {
                            _ = try await probe.status.leader()
                            answered.withLock { $0 = .now }
                            return true
                        }
                    }
                }
                try await agent.start()
                try await probe.value
                let firstAnswer = try #require(answered.withLock { $0 })

                // The restarted dev agent has no "web": the watch's first reply after recovery is the empty list.
                let recovered = try await watch.delivery(after: before, timeout: .seconds(30))
                #expect(recovered.value == [])
                let recovery = recovered.at - firstAnswer
                print("watch recovery: \(recovery.milliseconds) ms after the agent first answered")
                #expect(recovery <= Self.recoveryBudget, "the watch took \(recovery) after Consul answered")

                // A new instance then arrives through the blocking query at once.
                try await consul.agent.register(AgentServiceRegistration(name: "web", id: "web-2", port: 8081))
                let registered = ContinuousClock.now
                let delivered = try await watch.delivery(matching: { $0 == ["127.0.0.1:8081"] }, timeout: .seconds(10))
                #expect(delivered.at - registered <= Self.recoveryBudget)
            }
        }
    }

    @Test func reachabilityChangesReportTheOutageAndTheReturn() async throws {
        try await withConsulDevAgent(name: "reachability") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                var changes = consul.reachabilityChanges().makeAsyncIterator()
                _ = try await consul.status.leader()
                let first = await changes.next()
                #expect(first == .reachable)

                agent.stop()
                await #expect(throws: ConsulError.self) { try await consul.status.leader() }
                let down = await changes.next()
                guard case .unreachable(let error) = down else {
                    Issue.record("expected unreachable, got \(String(describing: down))")
                    return
                }
                #expect(error.contains("could not connect"))

                try await agent.start()
                _ = try await consul.status.leader()
                let back = await changes.next()
                #expect(back == .reachable)
                // A second subscriber starts with the current state.
                var late = consul.reachabilityChanges().makeAsyncIterator()
                let current = await late.next()
                #expect(current == .reachable)
            }
        }
    }
}
