import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle

/// The Prometheus registry behind swift-metrics, bootstrapped once by the executable, and the optional
/// TCP endpoint that serves it (`--telemetry-port`); the control socket serves `/metrics` too.
public enum Telemetry {
    /// The registry every metric of the process lands in.
    static let registry = PrometheusCollectorRegistry()

    /// Makes swift-metrics report into ``registry``.
    public static func bootstrap() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .seconds(2.5), .seconds(5), .seconds(10), .seconds(60), .seconds(300),
        ]
        MetricsSystem.bootstrap(factory)
    }
}

/// `GET /metrics` over TCP.
struct TelemetryServer: Service {
    let host: String
    let port: Int
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger

    func run() async throws {
        let router = Router()
        router.get("/metrics") { _, _ in ControlServer.metricsResponse(Telemetry.registry) }
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "pilot"),
            eventLoopGroupProvider: .shared(eventLoopGroup), logger: logger)
        try await app.run()
    }
}
