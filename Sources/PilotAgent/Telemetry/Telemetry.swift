import Metrics
import Prometheus

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
