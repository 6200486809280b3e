import ConsulAPI
import Testing
import TestSupport

/// A watch that logs its failed calls once per change of state, against a real Consul that goes away.
@Suite("Watch failure logging against a real Consul", .serialized)
struct WatchFailureLoggingTests {
    @Test func watchLoggingChangesOnlyLogsAnOutageOnceAndItsEndOnce() async throws {
        let agent = try ConsulDevAgent(name: "watch-log-changes")
        try await agent.start()
        defer { agent.stop() }
        try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
            let logs = LogRecorder()
            let watch = WatchRecorder(
                consul.kv.watch("k").logging(to: logs.logger(label: "changes"), failures: .changesOnly))
            defer { Task { await watch.cancel() } }
            _ = try await watch.delivery(after: 0)

            agent.stop()
            // The backoff from 250 ms makes four or more failed calls in 3 s.
            try await Task.sleep(for: .seconds(3))
            #expect(logs.recorded.filter { $0.contains("Consul watch call failed") }.count == 1, "\(logs.recorded)")

            try await agent.start()
            try await consul.kv.put("k", string: "back")
            _ = try await watch.delivery(matching: { $0?.stringValue == "back" })
            let recovered = logs.recorded.filter { $0.contains("Consul watch answers again") }
            #expect(recovered.count == 1)
            #expect(recovered.first.map { !$0.contains("consul.failures=1 ") } ?? false, "\(recovered)")
        }
    }
}
