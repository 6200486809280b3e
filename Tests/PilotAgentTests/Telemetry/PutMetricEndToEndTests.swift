import ContainerPilotConfig
import Foundation
import Logging
import NIOPosix
import TestSupport
import Testing

@testable import PilotAgent

/// `-putmetric` and `POST /v3/metric` into configured collectors, shown by `GET /metrics`: the real `pilot` binary
/// as the client, and a control server made in the test process (the environment mode configures no metric) on a
/// real Unix socket, with the TCP metrics endpoint beside it.
@Suite(.serialized) struct PutMetricEndToEndTests {
    static let metrics = [
        MetricConfiguration(
            namespace: "containerpilot", subsystem: "app", name: "some_counter", help: "help text", kind: .counter),
        MetricConfiguration(name: "free_memory", help: "Free memory.", kind: .gauge),
        MetricConfiguration(namespace: "app", name: "latency", help: "Latency.", kind: .histogram),
        MetricConfiguration(subsystem: "db", name: "query_seconds", help: "Query time.", kind: .summary),
    ]

    @Test func putMetricRecordsIntoTheConfiguredCollectorsAndBadRequestsRecordNothing() async throws {
        let directory = try PilotAgent.workingDirectory()
        let socket = directory.appending(path: "control.socket").path(percentEncoded: false)
        let configured = ConfiguredMetrics(Self.metrics)
        let logger = Logger(label: "put-metric-test")
        let loops = MultiThreadedEventLoopGroup.singleton
        let server = ControlServer(
            listener: try await HTTPListener.bind(.unix(path: socket), eventLoopGroup: loops),
            status: AgentStatus(consulAddresses: [], servicesFile: nil, job: nil), target: NothingToControl(),
            metrics: Telemetry.registry, logger: logger, configuredMetrics: configured)
        let port = FreePorts.take(1)[0]
        let telemetry = TelemetryServer(
            listener: try await HTTPListener.bind(.tcp(host: "127.0.0.1", port: port), eventLoopGroup: loops),
            logger: logger, configuredMetrics: configured)
        let serving = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { try? await server.run() }
                group.addTask { try? await telemetry.run() }
            }
        }
        defer { serving.cancel() }

        // ContainerPilot's spelling of the names, empty parts kept, as its users write them; strings, as
        // -putmetric sends them.
        let put = try await Self.pilot(
            ["-putmetric", "containerpilot_app_some_counter=40", "-putmetric", "__free_memory=42.42"], socket)
        #expect(put.status == 0, "\(put.log)")
        #expect(try await Self.pilot(["-putmetric", "containerpilot_app_some_counter=2"], socket).status == 0)
        // The Prometheus names, with JSON numbers.
        let observed = try UnixSocketHTTP.request(
            socket, "POST", "/v3/metric", body: #"{"app_latency": 0.2, "db_query_seconds": 3, "_db_query_seconds": 1}"#)
        #expect(observed.status == 200, "\(observed.body)")

        // Refused: nothing of any of these requests is recorded.
        let unknown = try await Self.pilot(["-putmetric", "free_memory=1", "-putmetric", "z_requests=1"], socket)
        #expect(unknown.status == 1)
        #expect(unknown.log.contains("no such metric: z_requests"), "\(unknown.log)")
        let decreasing = try await Self.pilot(["-putmetric", "containerpilot_app_some_counter=-1"], socket)
        #expect(decreasing.status == 1)
        #expect(decreasing.log.contains("only goes up"), "\(decreasing.log)")
        let badBodies = [#"{"free_memory": "lots"}"#, #"{"free_memory": true, "app_latency": 1}"#, #"{"free"#, "[1]"]
        for body in badBodies {
            let refused = try UnixSocketHTTP.request(socket, "POST", "/v3/metric", body: body)
            #expect(refused.status == 400, "\(body): \(refused.body)")
            #expect(refused.body.contains("\"error\""), "\(body): \(refused.body)")
        }
        #expect(
            try UnixSocketHTTP.request(socket, "POST", "/v3/metric", body: #"{"free_memory": "x"}"#).body
                .contains(#"metric free_memory: \"x\" is not a number"#))

        for scrape in [
            try UnixSocketHTTP.request(socket, "GET", "/metrics"),
            try UnixSocketHTTP.request(nil, "GET", "http://127.0.0.1:\(port)/metrics"),
        ] {
            #expect(scrape.status == 200)
            let samples = UnixSocketHTTP.samples(scrape.body)
            #expect(samples.contains("containerpilot_app_some_counter 42"), "\(scrape.body)")
            #expect(samples.contains("free_memory 42.42"), "\(scrape.body)")
            #expect(samples.contains(#"app_latency_bucket{le="0.25"} 1"#), "\(scrape.body)")
            #expect(samples.contains("app_latency_count 1"), "\(scrape.body)")
            #expect(samples.contains(#"db_query_seconds{quantile="0.5"} 1"#), "\(scrape.body)")
            #expect(samples.contains("db_query_seconds_sum 4"), "\(scrape.body)")
            #expect(scrape.body.contains("# HELP containerpilot_app_some_counter help text\n"), "\(scrape.body)")
            #expect(scrape.body.contains("# TYPE containerpilot_app_some_counter counter\n"), "\(scrape.body)")
            #expect(scrape.body.contains("# TYPE db_query_seconds summary\n"), "\(scrape.body)")
        }
    }

    /// A control target for a server that only serves metrics here.
    struct NothingToControl: ControlTarget {
        func setMaintenance(_ enabled: Bool, reason: String) async -> HTTPReply { .error("not here", status: 409) }
        func reload() async -> HTTPReply { .error("not here", status: 409) }
        func setEnvironment(_ variables: [String: String]) async -> HTTPReply { .error("not here", status: 409) }
    }

    /// Runs `pilot` with `arguments` against the control socket `socket`, to its end.
    static func pilot(_ arguments: [String], _ socket: String) async throws -> (status: Int32, log: String) {
        let run = try PilotAgent(
            environment: ["PILOT_CONTROL_SOCKET": socket], arguments: arguments,
            directory: FileManager.default.temporaryDirectory)
        let status = try await run.waitForExit()
        return (status, run.log)
    }
}
