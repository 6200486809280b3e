public import ContainerPilotConfig
import Synchronization

/// The collectors a ContainerPilot configuration's `telemetry.metrics` defines, which jobs record into through the
/// control plane (`POST /v3/metric`, `-putmetric`) and which `/metrics` shows after pilot's own metrics.
///
/// Safe to share between tasks: a request's values are recorded under one lock, so a scrape never sees half of
/// them. The rules live in ``MetricSet``.
public final class ConfiguredMetrics: Sendable {
    private let collectors: Mutex<MetricSet>

    /// The collectors of `metrics` (a parsed configuration's `telemetry.metrics`), all empty.
    public init(_ metrics: [MetricConfiguration]) {
        collectors = Mutex(MetricSet(metrics))
    }

    /// Whether the configuration defines no metric.
    public var isEmpty: Bool { collectors.withLock { $0.isEmpty } }

    /// Records every value of one request, each by its metric's kind: a counter adds it, a gauge takes it, a
    /// histogram or summary observes it. Names are ContainerPilot's `namespace_subsystem_name` (empty parts kept,
    /// as in `__name`) or the metric's Prometheus name.
    ///
    /// - Throws: ``MetricRecordingError`` when a name is unknown or a value is refused (a negative or non-finite
    ///   counter increment, a non-finite observation); then nothing of the request is recorded.
    public func record(_ values: [String: Double]) throws(MetricRecordingError) {
        let now = ContinuousClock.now
        try collectors.withLock { (set: inout MetricSet) throws(MetricRecordingError) in
            try set.record(values, at: now)
        }
    }

    /// The collectors in Prometheus' text exposition format (0.0.4), each with its `# HELP` and `# TYPE` lines,
    /// sorted by name; empty when there is no collector.
    public func render() -> String {
        let now = ContinuousClock.now
        return collectors.withLock { $0.exposition(at: now) }
    }
}
