import ContainerPilotConfig
import Testing

@testable import PilotAgent

@Suite struct ConfiguredMetricsTests {
    let now = ContinuousClock.now

    static let metrics = [
        MetricConfiguration(
            namespace: "shop", subsystem: "orders", name: "placed", help: "Orders placed.", kind: .counter),
        MetricConfiguration(name: "free_memory", help: "Free memory in bytes.", kind: .gauge),
        MetricConfiguration(namespace: "app", name: "latency", help: "Request latency.", kind: .histogram),
        MetricConfiguration(subsystem: "db", name: "query_seconds", help: "Query time.", kind: .summary),
    ]

    /// The sample lines (no comments) of `set`'s text.
    func samples(_ set: MetricSet) -> [String] {
        set.exposition(at: now).split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
    }

    @Test func aCounterAddsAndAGaugeTakesTheLastValueAsContainerPilotSetsIt() throws {
        var set = MetricSet(Self.metrics)
        try set.record(["shop_orders_placed": 2, "__free_memory": 100], at: now)
        try set.record(["shop_orders_placed": 3.5, "__free_memory": 40], at: now)
        #expect(samples(set).contains("shop_orders_placed 5.5"))
        #expect(samples(set).contains("free_memory 40"))
    }

    @Test func aMetricIsFoundByContainerPilotsKeyWithEmptyPartsAndByItsPrometheusName() throws {
        var set = MetricSet(Self.metrics)
        // ContainerPilot's keys: the three parts joined, empty ones kept.
        try set.record(["__free_memory": 1, "app__latency": 0.2, "_db_query_seconds": 1], at: now)
        // The Prometheus names shown on /metrics.
        try set.record(["free_memory": 7, "app_latency": 0.3, "db_query_seconds": 3], at: now)
        #expect(samples(set).contains("free_memory 7"))
        #expect(samples(set).contains("app_latency_count 2"))
        #expect(samples(set).contains("db_query_seconds_count 2"))
    }

    @Test func oneMetricsKeyWinsOverAnothersPrometheusNameAsInContainerPilot() throws {
        // "a__b" is the first one's ContainerPilot key and the second one's Prometheus name.
        var set = MetricSet([
            MetricConfiguration(namespace: "a", name: "b", help: "h", kind: .gauge),
            MetricConfiguration(name: "a__b", help: "h", kind: .gauge),
        ])
        try set.record(["a__b": 1], at: now)
        #expect(samples(set) == ["a__b 0", "a_b 1"])
        try set.record(["__a__b": 2], at: now)
        #expect(samples(set) == ["a__b 2", "a_b 1"])
    }

    @Test func aRequestNamingAnUnknownMetricRecordsNothingAndNamesEveryUnknownOne() {
        var set = MetricSet(Self.metrics)
        let before = set
        #expect(throws: MetricRecordingError(code: .unknownMetric, metrics: ["free_memry", "nope"])) {
            // "app_latency" comes first in any order of names: it must not be recorded before the others are checked.
            try set.record(["app_latency": 1, "nope": 2, "free_memry": 3], at: now)
        }
        #expect(set == before)
        #expect(samples(set).contains("app_latency_count 0"))
    }

    @Test func aNegativeCounterIncrementIsRefusedAndTheRequestRecordsNothing() {
        var set = MetricSet(Self.metrics)
        let before = set
        #expect(throws: MetricRecordingError(code: .decreasingCounter, metrics: ["shop_orders_placed"], value: -1)) {
            try set.record(["shop_orders_placed": -1, "free_memory": 5], at: now)
        }
        #expect(set == before)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func aNonFiniteValueIsRefusedByCountersHistogramsAndSummariesButAGaugeTakesIt(value: Double) throws {
        var set = MetricSet(Self.metrics)
        for name in ["shop_orders_placed", "app_latency", "db_query_seconds"] {
            #expect(throws: MetricRecordingError.self) { try set.record([name: value], at: now) }
            #expect((try? set.record([name: value], at: now)) == nil)
        }
        #expect(set == MetricSet(Self.metrics))
        try set.record(["free_memory": value], at: now)
        #expect(samples(set).contains("free_memory \(PrometheusText.number(value))"))
    }

    @Test func theErrorSaysWhatWasRefusedAndThatNothingWasRecorded() {
        #expect(
            MetricRecordingError(code: .unknownMetric, metrics: ["a", "b"]).description
                == "no such metric: a, b; nothing was recorded")
        #expect(
            MetricRecordingError(code: .decreasingCounter, metrics: ["c"], value: -2).description
                == "metric c is a counter, which only goes up: -2 cannot be added; nothing was recorded")
    }

    @Test func everyKindRendersWithHelpAndTypeLinesSortedByName() throws {
        var set = MetricSet(Self.metrics)
        try set.record(["shop_orders_placed": 3, "free_memory": 1.5e9], at: now)
        for value in [0.003, 0.2, 0.2, 7, 30] { try set.record(["app_latency": value], at: now) }
        for value in 1...4 { try set.record(["db_query_seconds": Double(value)], at: now) }
        #expect(
            set.exposition(at: now) == """
                # HELP app_latency Request latency.
                # TYPE app_latency histogram
                app_latency_bucket{le="0.005"} 1
                app_latency_bucket{le="0.01"} 1
                app_latency_bucket{le="0.025"} 1
                app_latency_bucket{le="0.05"} 1
                app_latency_bucket{le="0.1"} 1
                app_latency_bucket{le="0.25"} 3
                app_latency_bucket{le="0.5"} 3
                app_latency_bucket{le="1"} 3
                app_latency_bucket{le="2.5"} 3
                app_latency_bucket{le="5"} 3
                app_latency_bucket{le="10"} 4
                app_latency_bucket{le="+Inf"} 5
                app_latency_sum 37.403
                app_latency_count 5
                # HELP db_query_seconds Query time.
                # TYPE db_query_seconds summary
                db_query_seconds{quantile="0.5"} 2
                db_query_seconds{quantile="0.9"} 4
                db_query_seconds{quantile="0.99"} 4
                db_query_seconds_sum 10
                db_query_seconds_count 4
                # HELP free_memory Free memory in bytes.
                # TYPE free_memory gauge
                free_memory 1500000000
                # HELP shop_orders_placed Orders placed.
                # TYPE shop_orders_placed counter
                shop_orders_placed 3

                """)
    }

    @Test func helpTextEscapesBackslashesAndLineFeeds() {
        let set = MetricSet([MetricConfiguration(name: "x", help: "a\\b\nc\r\nd", kind: .gauge)])
        #expect(set.exposition(at: now).hasPrefix("# HELP x a\\\\b\\nc\r\\nd\n# TYPE x gauge\n"))
    }

    @Test func numbersAreWrittenAsPrometheusReadsThem() {
        #expect(PrometheusText.number(42) == "42")
        #expect(PrometheusText.number(-3) == "-3")
        #expect(PrometheusText.number(42.42) == "42.42")
        #expect(PrometheusText.number(1e20) == "1e+20")
        #expect(PrometheusText.number(.infinity) == "+Inf")
        #expect(PrometheusText.number(-.infinity) == "-Inf")
        #expect(PrometheusText.number(.nan) == "NaN")
    }

    @Test func theSharedCollectorsRecordAndRenderThroughOneLock() async throws {
        let metrics = ConfiguredMetrics(Self.metrics)
        #expect(!metrics.isEmpty)
        #expect(ConfiguredMetrics([]).isEmpty && ConfiguredMetrics([]).render().isEmpty)
        await withTaskGroup { group in
            for _ in 0..<100 {
                group.addTask { try? metrics.record(["shop_orders_placed": 1, "db_query_seconds": 2]) }
            }
        }
        #expect(metrics.render().contains("\nshop_orders_placed 100\n"))
        #expect(metrics.render().contains("\ndb_query_seconds_count 100\n"))
        #expect(throws: MetricRecordingError.self) { try metrics.record(["shop_orders_placed": -1]) }
    }
}
