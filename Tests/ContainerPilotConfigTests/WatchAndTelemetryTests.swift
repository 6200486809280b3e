import ContainerPilotConfig
import DiscoveryModel
import Testing

/// ContainerPilot's `watches` and `telemetry` tests, rewritten.
@Suite struct WatchAndTelemetryTests {
    @Test func readsWatches() throws {
        let watches = try Fixture.configuration("WatchesParse.json5").watches
        #expect(watches.map(\.name) == ["billing", "accounts"])
        #expect(watches.map(\.interval) == [.seconds(12), .seconds(77)])
        #expect(watches.map(\.tag) == ["canary", nil])
        #expect(watches.map(\.datacenter) == [nil, "eu-west-2"])
    }

    @Test func refusesAWatchWithoutNameOrInterval() {
        #expect(Fixture.error(#"{consul: "c:8500", watches: [{"name": ""}]}"#)?.code == .missingValue)
        #expect(Fixture.error(#"{consul: "c:8500", watches: [{"name": "svc"}]}"#)?.code == .missingValue)
        #expect(
            Fixture.error(#"{consul: "c:8500", watches: [{"name": "svc.tag", interval: 3}]}"#)?.code == .invalidValue)
    }

    @Test func readsTelemetryWithItsMetric() throws {
        let telemetry = try #require(try Fixture.configuration("TelemetryParse.json5").telemetry)
        #expect(telemetry.port == 8100)
        #expect(
            telemetry.metrics == [
                MetricConfiguration(
                    namespace: "pilot", subsystem: "checks", name: "runs_total", help: "health checks run",
                    kind: .counter)
            ])
    }

    @Test(arguments: MetricConfiguration.Kind.allCases)
    func readsEveryMetricType(kind: MetricConfiguration.Kind) throws {
        let configuration = try Fixture.parse(
            """
            {consul: "c:8500",
             telemetry: {metrics: [{namespace: "t", subsystem: "m", name: "n", help: "h", type: "\(kind.rawValue)"}]}}
            """)
        #expect(configuration.telemetry?.metrics.first?.kind == kind)
        #expect(configuration.telemetry?.port == 9090)
    }

    @Test func refusesAMetricWithoutTypeOrWithABadName() {
        #expect(
            Fixture.error(#"{consul: "c:8500", telemetry: {"metrics": [{}], "interfaces": ["inet", "lo"]}}"#)?.code
                == .missingValue)
        #expect(
            Fixture.error(#"{consul: "c:8500", telemetry: {metrics: [{name: "x", help: "h", type: "nonsense"}]}}"#)?
                .code == .invalidValue)
        #expect(
            Fixture.error(
                #"{consul: "c:8500", telemetry: {metrics: [{name: "Bad.Name", help: "h", type: "counter"}]}}"#)?.code
                == .invalidValue)
        #expect(
            Fixture.error(#"{consul: "c:8500", telemetry: {metrics: [{name: "x", type: "counter"}]}}"#)?.code
                == .missingValue)
    }

    @Test func acceptsTheWholeNameInNameAlone() throws {
        let configuration = try Fixture.parse(
            #"{consul: "c:8500", telemetry: {metrics: [{name: "app_requests_total", help: "h", type: "counter"}]}}"#)
        #expect(configuration.telemetry?.metrics.first?.fullName == "app_requests_total")
    }

    @Test func refusesAMetricNamedAsOneThatPilotReportsItself() {
        let error = Fixture.error(
            """
            {consul: "c:8500", telemetry: {metrics: [
              {namespace: "app", name: "hits", help: "h", type: "counter"},
              {namespace: "consul", name: "requests_total", help: "h", type: "counter"}]}}
            """)
        #expect(error?.code == .duplicateName)
        #expect(error?.location.line == 3)
        #expect(error.map { "\($0)" }?.contains("consul_requests_total is one pilot reports itself") == true)
        #expect(
            Fixture.error(
                #"{consul: "c:8500", telemetry: {metrics: [{name: "pilot_propagation_delay_seconds_sum", "#
                    + #"help: "h", type: "gauge"}]}}"#)?.code == .duplicateName)
    }

    @Test func refusesTwoMetricsWithTheSameFullName() {
        let error = Fixture.error(
            """
            {consul: "c:8500", telemetry: {metrics: [
              {namespace: "a", name: "b", help: "h", type: "counter"},
              {name: "a_b", help: "h", type: "gauge"}]}}
            """)
        #expect(error?.code == .duplicateName)
        #expect(error?.location.line == 3)
    }
}
