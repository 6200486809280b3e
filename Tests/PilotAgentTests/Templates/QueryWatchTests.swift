import ConsulAPI
import ConsulTemplate
import Foundation
import Logging
@testable import PilotAgent
import Synchronization
import Testing
import TestSupport

/// Each kind of template query against a real Consul (and a real file): the first answer, then each change
/// within a second, nothing repeated when only Consul's index moves, the last answer kept while Consul is away,
/// and a prompt end on cancellation.
@Suite(.serialized) struct QueryWatchTests {
    /// A change must reach the template within this.
    static let changeLatency: Duration = .seconds(1)

    @Test func serviceQueryDeliversPassingInstancesThenEachRegistration() async throws {
        try await withQueryWatchConsul(name: "qw-service") { consul, _ in
            let query = TemplateQuery.service(name: "api", tag: nil, datacenter: nil, filter: .passing)
            try await withRecorder(query, consul) { recorder in
                #expect(try await recorder.answer(after: 0).answer == .services([]))

                try await consul.agent.register(AgentServiceRegistration(name: "api", id: "api-1", port: 8001))
                let registered = ContinuousClock.now
                let second = try await recorder.answer(after: 1)
                #expect(second.answer.instanceIDs == ["api-1"])
                #expect(second.at - registered < Self.changeLatency)

                // A critical instance is not passing: the `passing` query does not list it.
                try await consul.agent.register(
                    AgentServiceRegistration(name: "api", id: "api-2", port: 8002, check: .ttl(.seconds(60))))
                try await consul.agent.register(AgentServiceRegistration(name: "api", id: "api-3", port: 8003))
                _ = try await recorder.answer(matching: { $0.instanceIDs == ["api-1", "api-3"] })
                #expect(recorder.all.allSatisfy { !$0.answer.instanceIDs.contains("api-2") })
            }
        }
    }

    @Test func serviceQueryWithAnyFilterDeliversEveryInstanceWithItsTagAndDatacenter() async throws {
        try await withQueryWatchConsul(name: "qw-service-any") { consul, _ in
            try await consul.agent.register(
                AgentServiceRegistration(name: "db", id: "db-1", port: 1, tags: ["primary"], check: .ttl(.seconds(60))))
            try await consul.agent.register(AgentServiceRegistration(name: "db", id: "db-2", port: 2))
            let any = TemplateQuery.service(name: "db", tag: "primary", datacenter: "dc1", filter: .any)
            try await withRecorder(any, consul) { recorder in
                // db-1 is critical (its TTL never passed) and still listed; db-2 lacks the tag.
                let first = try await recorder.answer(matching: { !$0.instanceIDs.isEmpty })
                #expect(first.answer.instanceIDs == ["db-1"])
                guard case .services(let entries) = first.answer else { return }
                #expect(entries.first?.aggregatedStatus == .critical)
            }
        }
    }

    @Test func catalogServicesQueryDeliversTheCatalogThenANewService() async throws {
        try await withQueryWatchConsul(name: "qw-services") { consul, _ in
            try await withRecorder(.catalogServices(datacenter: nil), consul) { recorder in
                let first = try await recorder.answer(after: 0)
                #expect(first.answer == .catalogServices(["consul": []]))

                try await consul.agent.register(AgentServiceRegistration(name: "web", port: 80, tags: ["v1"]))
                let registered = ContinuousClock.now
                let second = try await recorder.answer(after: 1)
                #expect(second.answer == .catalogServices(["consul": [], "web": ["v1"]]))
                #expect(second.at - registered < Self.changeLatency)
            }
        }
    }

    @Test func keyQueryDeliversMissingThenPutThenDeleted() async throws {
        try await withQueryWatchConsul(name: "qw-key") { consul, _ in
            try await withRecorder(.key("config/limit", datacenter: nil), consul) { recorder in
                #expect(try await recorder.answer(after: 0).answer == .key(nil))

                try await consul.kv.put("config/limit", string: "10")
                let put = ContinuousClock.now
                let second = try await recorder.answer(after: 1)
                #expect(second.answer.keyValue == "10")
                #expect(second.at - put < Self.changeLatency)

                try await consul.kv.delete("config/limit")
                let deleted = ContinuousClock.now
                let third = try await recorder.answer(after: 2)
                #expect(third.answer == .key(nil))
                #expect(third.at - deleted < Self.changeLatency)
            }
        }
    }

    @Test func keyPrefixQueryDeliversEmptyThenEachKeyUnderThePrefix() async throws {
        try await withQueryWatchConsul(name: "qw-tree") { consul, _ in
            try await withRecorder(.keyPrefix("upstreams/", datacenter: nil), consul) { recorder in
                #expect(try await recorder.answer(after: 0).answer == .keyPairs([]))

                try await consul.kv.put("upstreams/a", string: "1")
                let put = ContinuousClock.now
                let second = try await recorder.answer(after: 1)
                #expect(second.answer.keys == ["upstreams/a"])
                #expect(second.at - put < Self.changeLatency)

                try await consul.kv.put("elsewhere/b", string: "2")
                try await consul.kv.put("upstreams/b", string: "2")
                let third = try await recorder.answer(after: 2)
                #expect(third.answer.keys == ["upstreams/a", "upstreams/b"])

                try await consul.kv.delete("upstreams/", recurse: true)
                #expect(try await recorder.answer(after: 3).answer == .keyPairs([]))
            }
        }
    }

    @Test func nodeQueryWithoutANameFollowsTheLocalAgentsNodeAndItsServices() async throws {
        try await withQueryWatchConsul(name: "qw-node") { consul, agent in
            try await withRecorder(.node(nil, datacenter: nil), consul) { recorder in
                let first = try await recorder.answer(after: 0)
                guard case .node(let node, let services) = first.answer else {
                    Issue.record("not a node answer: \(first.answer)")
                    return
                }
                #expect(node?.name == agent.nodeName)
                #expect(services.map(\.id) == ["consul"])

                try await consul.agent.register(AgentServiceRegistration(name: "web", id: "web-1", port: 80))
                let registered = ContinuousClock.now
                // The dev agent's own node may change too (its addresses settle after start): wait for web-1.
                let withWeb = try await recorder.answer(matching: { $0.nodeServiceIDs == ["consul", "web-1"] })
                #expect(withWeb.at - registered < Self.changeLatency)
            }
        }
    }

    @Test func nodeQueryOfAnUnknownNodeAnswersNoNode() async throws {
        try await withQueryWatchConsul(name: "qw-node-none") { consul, _ in
            try await withRecorder(.node("no-such-node", datacenter: "dc1"), consul) { recorder in
                let first = try await recorder.answer(after: 0)
                #expect(first.answer == .node(nil, services: []))
            }
        }
    }

    @Test func nodesQueryDeliversTheNodesThenAJoiningNode() async throws {
        try await withQueryWatchConsul(name: "qw-nodes") { consul, agent in
            try await withRecorder(.nodes(datacenter: nil), consul) { recorder in
                let first = try await recorder.answer(after: 0)
                #expect(first.answer.nodeNames == [agent.nodeName])

                let client = try ConsulDevAgent(name: "qw-joiner", mode: .client)
                defer { client.stop() }
                try await client.start(join: [agent.serfLANAddress])
                let second = try await recorder.answer(matching: { $0.nodeNames.count == 2 }, timeout: .seconds(30))
                #expect(Set(second.answer.nodeNames) == [agent.nodeName, client.nodeName])
            }
        }
    }

    @Test func fileQueryDeliversTheTextThenEachChangeAndMissingWhenUnreadable() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qw-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("limits.conf").path
        try "a = 1\n".write(toFile: path, atomically: true, encoding: .utf8)

        try await withQueryWatchClient { consul in
            let logs = LogRecorder()
            let watch = QueryWatch(
                query: .file(path), client: consul, filePollInterval: .milliseconds(50), logger: logs.logger())
            let recorder = QueryWatchRecorder(watch)
            defer { recorder.cancelNow() }
            #expect(try await recorder.answer(after: 0).answer == .file("a = 1\n"))

            // The same length, written in place soon after the first read: its new bytes are what tells.
            try "a = 2\n".write(toFile: path, atomically: false, encoding: .utf8)
            let written = ContinuousClock.now
            let second = try await recorder.answer(after: 1)
            #expect(second.answer == .file("a = 2\n"))
            #expect(second.at - written < Self.changeLatency)

            try FileManager.default.removeItem(atPath: path)
            #expect(try await recorder.answer(after: 2).answer == .file(nil))
            // Still missing for several polls: nothing more is delivered, and the log says it once.
            try await Task.sleep(for: .milliseconds(300))
            #expect(recorder.all.count == 3)

            try "b = 3\n".write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try await recorder.answer(after: 3).answer == .file("b = 3\n"))
            #expect(logs.lines(containing: "cannot read the template's file").count == 1)
            #expect(logs.lines(containing: "can be read again").count == 1)
        }
    }

    @Test func nothingIsDeliveredWhenConsulsIndexMovesWithoutAChange() async throws {
        try await withQueryWatchConsul(name: "qw-index") { consul, _ in
            try await consul.agent.register(AgentServiceRegistration(name: "api", id: "api-1", port: 1))
            let passing = HealthServiceQuery(passingOnly: true)
            _ = try await Polling.until("api-1 passing") {
                try await consul.health.service("api", query: passing).value.isEmpty ? nil : true
            }
            let missing = QueryWatchRecorder(QueryWatch(query: .key("missing", datacenter: nil), client: consul,
                logger: LogRecorder().logger()))
            let service = QueryWatchRecorder(QueryWatch(
                query: .service(name: "api", tag: nil, datacenter: nil, filter: .passing), client: consul,
                logger: LogRecorder().logger()))
            defer { [missing, service].forEach { $0.cancelNow() } }
            _ = try await missing.answer(after: 0)
            _ = try await service.answer(after: 0)

            // Other keys move a missing key's index, and critical instances the passing query's: each wakes the
            // blocking call with the same content.
            let keyIndex = try await consul.kv.get("missing").meta.index
            let serviceIndex = try await consul.health.service("api", query: passing).meta.index
            for round in 0..<20 {
                try await consul.kv.put("other/\(round)", string: "\(round)")
                let critical = AgentServiceRegistration(
                    name: "api", id: "api-critical-\(round)", port: 2, check: .ttl(.seconds(300)))
                try await consul.agent.register(critical)
            }
            #expect(try await consul.kv.get("missing").meta.index > keyIndex)
            #expect(try await consul.health.service("api", query: passing).meta.index > serviceIndex)
            // A change reaches a watch in milliseconds: by now the watches have seen every write.
            try await Task.sleep(for: .milliseconds(500))
            #expect(missing.all.count == 1, "\(missing.all.map(\.answer))")
            #expect(service.all.count == 1, "\(service.all.map(\.answer.instanceIDs))")
        }
    }

    @Test func lastAnswerIsKeptWhileConsulIsStoppedAndARightOneFollowsItsReturn() async throws {
        try await withQueryWatchConsul(name: "qw-outage") { consul, agent in
            try await consul.kv.put("config/limit", string: "10")
            let logs = LogRecorder()
            let recorder = QueryWatchRecorder(
                QueryWatch(query: .key("config/limit", datacenter: nil), client: consul, logger: logs.logger()))
            defer { recorder.cancelNow() }
            #expect(try await recorder.answer(after: 0).answer.keyValue == "10")

            agent.stop()
            // Several retries fail (the backoff starts at 250 ms): each a warning before, one line now.
            try await Task.sleep(for: .seconds(3))
            #expect(recorder.all.count == 1, "an outage delivered \(recorder.all.map(\.answer))")
            let failures = logs.lines(containing: "Consul watch call failed")
            #expect(failures.count == 1, "\(logs.recorded)")

            try await agent.start()
            // The restarted dev agent has lost its data: the right answer is what it holds now.
            try await consul.kv.put("config/limit", string: "20")
            let back = try await recorder.answer(matching: { $0.keyValue == "20" }, timeout: .seconds(10))
            #expect(recorder.all.last?.answer == back.answer)
            #expect(logs.lines(containing: "Consul watch answers again").count == 1)
            #expect(!logs.recorded.joined().contains(QueryWatchTests.token))
        }
    }

    @Test func cancellingTheTaskEndsRunPromptly() async throws {
        try await withQueryWatchConsul(name: "qw-cancel") { consul, _ in
            let queries: [TemplateQuery] = [
                .service(name: "api", tag: nil, datacenter: nil, filter: .passing), .key("k", datacenter: nil),
                .node(nil, datacenter: nil), .file("/nonexistent/qw"),
            ]
            for query in queries {
                let recorder = QueryWatchRecorder(
                    QueryWatch(query: query, client: consul, logger: LogRecorder().logger()))
                _ = try await recorder.answer(after: 0)
                // Parked in a blocking call (or between polls) by now.
                try await Task.sleep(for: .milliseconds(150))
                let took = await recorder.cancel()
                #expect(took < .milliseconds(200), "\(query) took \(took) to end")
            }
        }
    }

    @Test(.timeLimit(.minutes(3))) func measuresLatencyFromAChangeToDelivery() async throws {
        try await withQueryWatchConsul(name: "qw-latency") { consul, _ in
            let key = QueryWatchRecorder(QueryWatch(query: .key("bench", datacenter: nil), client: consul,
                logger: LogRecorder().logger()))
            let service = QueryWatchRecorder(QueryWatch(
                query: .service(name: "bench", tag: nil, datacenter: nil, filter: .passing), client: consul,
                logger: LogRecorder().logger()))
            defer { [key, service].forEach { $0.cancelNow() } }
            _ = try await key.answer(after: 0)
            _ = try await service.answer(after: 0)

            var kvLatencies: [Duration] = []
            var registrationLatencies: [Duration] = []
            for round in 1...50 {
                // The write's reply comes after the change is committed; the watch is woken at the commit.
                let started = ContinuousClock.now
                try await consul.kv.put("bench", string: "\(round)")
                let value = try await key.answer(matching: { $0.keyValue == "\(round)" })
                kvLatencies.append(value.at - started)

                let registering = ContinuousClock.now
                try await consul.agent.register(AgentServiceRegistration(name: "bench", id: "bench-\(round)", port: 1))
                let instances = try await service.answer(matching: { $0.instanceIDs.count == round })
                registrationLatencies.append(instances.at - registering)
                try await Task.sleep(for: .milliseconds(20))
            }
            let kv = Percentiles(kvLatencies)
            let registration = Percentiles(registrationLatencies)
            print("query watch latency, KV put -> delivery, 50 changes: \(kv)")
            print("query watch latency, registration -> delivery, 50 changes: \(registration)")
            #expect(kv.p99 < Self.changeLatency)
            #expect(registration.p99 < Self.changeLatency)
        }
    }

    /// A token the outage test's client sends, to prove it reaches no log line.
    static let token = "d2f1c3a4-qwatch-secret-0000"
}

// MARK: - Support

/// Runs `body` with a Consul dev agent and a client of it whose logs are dropped.
private func withQueryWatchConsul(
    name: String, _ body: (ConsulClient, ConsulDevAgent) async throws -> Void
) async throws {
    try await withConsulDevAgent(name: name) { agent in
        try await withConsulClient(
            ConsulConfiguration(
                addresses: [agent.httpAddress], token: ConsulToken(QueryWatchTests.token))
        ) { consul in
            try await body(consul, agent)
        }
    }
}

/// Runs `body` with a client of no running Consul (for `file` queries, which never call it).
private func withQueryWatchClient(_ body: (ConsulClient) async throws -> Void) async throws {
    try await withConsulClient(ConsulConfiguration(addresses: [ConsulAddress(host: "127.0.0.1", port: 1)]), body)
}

/// Runs `body` with a recorder of a watch of `query`, cancelled afterwards.
private func withRecorder(
    _ query: TemplateQuery, _ consul: ConsulClient, _ body: (QueryWatchRecorder) async throws -> Void
) async throws {
    let recorder = QueryWatchRecorder(
        QueryWatch(query: query, client: consul, logger: LogRecorder().logger()))
    do {
        try await body(recorder)
        _ = await recorder.cancel()
    } catch {
        _ = await recorder.cancel()
        throw error
    }
}

/// Runs a ``QueryWatch`` in its own task, the way the template runner does, recording each answer with the
/// instant it arrived.
final class QueryWatchRecorder: Sendable {
    struct Delivery: Sendable {
        var answer: QueryAnswer
        var at: ContinuousClock.Instant
    }

    private final class Storage: Sendable {
        let deliveries = Mutex<[Delivery]>([])
    }

    private let storage = Storage()
    private let task: Task<Void, Never>

    init(_ watch: QueryWatch) {
        let storage = self.storage
        self.task = Task {
            await watch.run { answer in
                let now = ContinuousClock.now
                storage.deliveries.withLock { $0.append(Delivery(answer: answer, at: now)) }
            }
        }
    }

    /// Everything delivered so far.
    var all: [Delivery] { self.storage.deliveries.withLock { $0 } }

    /// Waits for the delivery after the first `count` ones.
    func answer(after count: Int, timeout: Duration = .seconds(20)) async throws -> Delivery {
        try await Polling.until("query answer #\(count + 1)", timeout: timeout, interval: .milliseconds(2)) {
            let all = self.all
            return all.count > count ? all[count] : nil
        }
    }

    /// Waits for a delivery (so far or to come) whose answer satisfies `predicate`.
    func answer(
        matching predicate: @escaping @Sendable (QueryAnswer) -> Bool, timeout: Duration = .seconds(20)
    ) async throws -> Delivery {
        try await Polling.until("a matching query answer", timeout: timeout, interval: .milliseconds(2)) {
            self.all.first { predicate($0.answer) }
        }
    }

    /// Cancels the watch and returns how long `run` took to return.
    func cancel() async -> Duration {
        let cancelled = ContinuousClock.now
        self.task.cancel()
        await self.task.value
        return ContinuousClock.now - cancelled
    }

    /// Cancels the watch without waiting.
    func cancelNow() {
        self.task.cancel()
    }
}

/// The 50th and 99th percentiles of measured latencies.
private struct Percentiles: CustomStringConvertible {
    var p50: Duration
    var p99: Duration
    var maximum: Duration

    init(_ samples: [Duration]) {
        let sorted = samples.sorted()
        func at(_ fraction: Double) -> Duration {
            sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
        }
        self.p50 = at(0.5)
        self.p99 = at(0.99)
        self.maximum = sorted.last ?? .zero
    }

    var description: String {
        func ms(_ duration: Duration) -> String {
            let (seconds, attoseconds) = duration.components
            return String(format: "%.1f ms", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
        }
        return "p50 \(ms(self.p50)), p99 \(ms(self.p99)), max \(ms(self.maximum))"
    }
}

fileprivate extension QueryAnswer {
    /// The instance IDs of a `services` answer, sorted.
    var instanceIDs: [String] {
        guard case .services(let entries) = self else { return [] }
        return entries.map(\.service.id).sorted()
    }

    /// The text of a `key` answer.
    var keyValue: String? {
        guard case .key(let pair) = self else { return nil }
        return pair?.stringValue
    }

    /// The keys of a `keyPairs` answer.
    var keys: [String] {
        guard case .keyPairs(let pairs) = self else { return [] }
        return pairs.map(\.key)
    }

    /// The service instance IDs of a `node` answer.
    var nodeServiceIDs: [String] {
        guard case .node(_, let services) = self else { return [] }
        return services.map(\.id)
    }

    /// The node names of a `nodes` answer.
    var nodeNames: [String] {
        guard case .nodes(let nodes) = self else { return [] }
        return nodes.map(\.name)
    }
}
