import TestSupport
import ConsulAPI
import Testing

/// Blocking queries against a real Consul: they return promptly after a change, hold for the whole wait without
/// one, can be cancelled at once, and a watch yields only real content changes.
@Suite("Blocking queries against a real Consul", .serialized)
struct BlockingQueryTests {
    /// How long into a blocking call a test makes its change, so the call is surely parked in Consul by then.
    static let parkTime: Duration = .milliseconds(150)

    @Test func blockingQueryReturnsWithin100msOfAChange() async throws {
        try await withConsulDevAgent(name: "latency") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                try await consul.agent.register(
                    AgentServiceRegistration(
                        name: "web",
                        id: "web-1",
                        port: 8080,
                        check: .ttl(.seconds(60), checkID: "web-ttl")
                    )
                )
                var index = try await Polling.until("web registered") {
                    let result = try await consul.health.service("web")
                    return result.value.isEmpty ? nil : result.meta.index
                }

                var latencies: [Duration] = []
                for round in 0..<20 {
                    let sent = index
                    let started = ContinuousClock.now
                    let call = Task {
                        let result = try await consul.health.service(
                            "web",
                            blocking: BlockingQueryParameters(index: sent, wait: .seconds(30))
                        )
                        return (result, ContinuousClock.now)
                    }
                    try await Task.sleep(for: Self.parkTime)
                    let changed = ContinuousClock.now
                    if round.isMultiple(of: 2) {
                        try await consul.agent.passCheck("web-ttl")
                    } else {
                        try await consul.agent.warnCheck("web-ttl")
                    }
                    let (result, returned) = try await call.value

                    #expect(returned - started >= Self.parkTime, "returned before the change (round \(round))")
                    #expect(result.meta.index > sent)
                    latencies.append(returned - changed)
                    index = result.meta.index
                }

                let (median, maximum) = medianAndMaximum(latencies)
                print(
                    "blocking query latency after a change, 20 changes: "
                        + "p50 \(median.milliseconds) ms, max \(maximum.milliseconds) ms"
                )
                #expect(maximum < .milliseconds(100))
            }
        }
    }

    @Test func blockingQueryWithoutAChangeHoldsForTheWholeWait() async throws {
        try await withConsulDevAgent(name: "holds") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                try await consul.agent.register(AgentServiceRegistration(name: "quiet", id: "quiet-1", port: 1))
                let index = try await Polling.until("quiet registered") {
                    let result = try await consul.health.service("quiet")
                    return result.value.isEmpty ? nil : result.meta.index
                }

                let wait = Duration.seconds(2)
                let started = ContinuousClock.now
                let result = try await consul.health.service(
                    "quiet",
                    blocking: BlockingQueryParameters(index: index, wait: wait)
                )
                let elapsed = ContinuousClock.now - started

                print("blocking query without a change, wait 2 s: returned after \(elapsed.milliseconds) ms")
                #expect(elapsed >= wait, "returned early without a change")
                #expect(elapsed < wait + wait / 16 + .milliseconds(500), "Consul adds at most wait/16 of jitter")
                #expect(result.meta.index == index)
                #expect(result.meta.knownLeader)
            }
        }
    }

    @Test func cancellingTheTaskCancelsTheInFlightBlockingCallAtOnce() async throws {
        try await withConsulDevAgent(name: "cancel") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                try await consul.agent.register(AgentServiceRegistration(name: "idle", id: "idle-1", port: 1))
                let index = try await Polling.until("idle registered") {
                    let result = try await consul.health.service("idle")
                    return result.value.isEmpty ? nil : result.meta.index
                }

                let call = Task {
                    try await consul.health.service(
                        "idle",
                        blocking: BlockingQueryParameters(index: index, wait: .seconds(60))
                    )
                }
                try await Task.sleep(for: Self.parkTime)
                let cancelled = ContinuousClock.now
                call.cancel()
                let outcome = await call.result
                let elapsed = ContinuousClock.now - cancelled

                #expect(throws: CancellationError.self) { try outcome.get() }
                #expect(elapsed < .milliseconds(100))

                let watch = WatchRecorder(consul.health.watchService("idle"))
                _ = try await watch.delivery(after: 0)
                try await Task.sleep(for: Self.parkTime)
                let cancelledWatch = ContinuousClock.now
                await watch.cancel()
                #expect(ContinuousClock.now - cancelledWatch < .milliseconds(100))
                #expect(watch.hasFinished)
            }
        }
    }

    @Test func watchYieldsOnlyWhenTheWatchedContentChangesAndWithin100ms() async throws {
        let logs = LogRecorder()
        try await withConsulDevAgent(name: "watch") { agent in
            try await withConsulClient(
                ConsulConfiguration(addresses: [agent.httpAddress]),
                logger: logs.logger()
            ) { consul in
                func register(port: Int, meta: [String: String] = [:]) async throws {
                    try await consul.agent.register(
                        AgentServiceRegistration(name: "api", id: "api-1", port: port, meta: meta)
                    )
                }
                try await register(port: 9000)
                let watch = WatchRecorder(
                    consul.health.watchService("api") { $0.map(\.instanceEndpoint).sorted() }
                )
                defer { Task { await watch.cancel() } }
                let first = try await Polling.until("the first non-empty delivery") {
                    watch.all.last { !$0.value.isEmpty }
                }
                #expect(first.value == ["127.0.0.1:9000"])

                // A change Consul indexes but the projection does not see: the watch calls again, yields nothing.
                let before = try await consul.health.service("api").meta.index
                let deliveredBefore = watch.all.count
                try await register(port: 9000, meta: ["build": "2"])
                _ = try await Polling.until("the watch to read past index \(before)") {
                    logs.recorded.contains { line in
                        line.contains("/v1/health/service/api")
                            && Self.loggedIndex(line).map { $0 > before } == true
                    } ? true : nil
                }

                var latencies: [Duration] = []
                for port in 9001...9020 {
                    try await Task.sleep(for: Self.parkTime)
                    let count = watch.all.count
                    let changed = ContinuousClock.now
                    try await register(port: port)
                    let delivery = try await watch.delivery(after: count)
                    #expect(delivery.value == ["127.0.0.1:\(port)"])
                    latencies.append(delivery.at - changed)
                }
                #expect(watch.all.count == deliveredBefore + 20, "the metadata-only change yielded a value")

                let (median, maximum) = medianAndMaximum(latencies)
                print(
                    "watch delivery latency after a change, 20 changes: "
                        + "p50 \(median.milliseconds) ms, max \(maximum.milliseconds) ms"
                )
                #expect(maximum < .milliseconds(100))
            }
        }
    }

    @Test func parkedBlockingCallsBeyondTheDefaultPoolLimitDoNotHoldBackOtherCalls() async throws {
        try await withConsulDevAgent(name: "fanout") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                try await consul.agent.register(
                    AgentServiceRegistration(
                        name: "hub",
                        id: "hub-1",
                        port: 1,
                        check: .ttl(.seconds(60), checkID: "hub-ttl")
                    )
                )
                let index = try await Polling.until("hub registered") {
                    let result = try await consul.health.service("hub")
                    return result.value.isEmpty ? nil : result.meta.index
                }
                // AsyncHTTPClient allows 8 connections per host by default; an agent watching 20 dependencies
                // must still be able to make other calls.
                let parkedCount = 20
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<parkedCount {
                        group.addTask {
                            _ = try await consul.health.service(
                                "hub",
                                blocking: BlockingQueryParameters(index: index, wait: .seconds(30))
                            )
                        }
                    }
                    try await Task.sleep(for: .milliseconds(300))
                    let started = ContinuousClock.now
                    _ = try await consul.catalog.datacenters()
                    let elapsed = ContinuousClock.now - started
                    #expect(elapsed < .milliseconds(200), "a call queued behind \(parkedCount) parked blocking calls")

                    let changed = ContinuousClock.now
                    try await consul.agent.passCheck("hub-ttl")
                    try await group.waitForAll()
                    #expect(ContinuousClock.now - changed < .milliseconds(200))
                }
            }
        }
    }

    /// The `consul.index` a "Consul call" log line reports.
    static func loggedIndex(_ line: String) -> UInt64? {
        guard let range = line.firstRange(of: "consul.index=") else { return nil }
        return UInt64(line[range.upperBound...].prefix { $0.isNumber })
    }
}
