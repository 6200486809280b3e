import ContainerPilotConfig

/// The collectors of a configuration's `telemetry.metrics` and the rules of recording into them, with no I/O and
/// time passed in; ``ConfiguredMetrics`` is the thread-safe shell around it.
///
/// A metric is found by ContainerPilot's key, `namespace_subsystem_name` with empty parts kept (`__name`,
/// `ns__name`), which is what ContainerPilot's `-putmetric` users write, and by its Prometheus name (the non-empty
/// parts joined), which is what they see on `/metrics`. Where one metric's key is another's Prometheus name, the
/// key wins, as ContainerPilot, which knows only keys, records it.
struct MetricSet: Sendable, Equatable {
    /// The collectors, sorted by name as the Go client exposes them.
    private(set) var collectors: [MetricCollector]
    /// Every accepted spelling of a name, and the index of its collector.
    private let index: [String: Int]

    /// The collectors of `configurations`, whose Prometheus names the configuration parser made valid and
    /// unique.
    init(_ configurations: [MetricConfiguration]) {
        collectors = configurations.sorted { $0.fullName < $1.fullName }.map(MetricCollector.init)
        var index: [String: Int] = [:]
        for (position, collector) in collectors.enumerated() {
            index[Self.containerPilotKey(collector.configuration)] = position
        }
        for (position, collector) in collectors.enumerated() where index[collector.configuration.fullName] == nil {
            index[collector.configuration.fullName] = position
        }
        self.index = index
    }

    /// ContainerPilot's name for a metric in `/v3/metric`: the three parts joined by `_`, empty ones included.
    static func containerPilotKey(_ configuration: MetricConfiguration) -> String {
        "\(configuration.namespace)_\(configuration.subsystem)_\(configuration.name)"
    }

    /// Whether there is no collector.
    var isEmpty: Bool { collectors.isEmpty }

    /// Records every value of one request at `now`, or none.
    ///
    /// - Throws: ``MetricRecordingError`` naming every unknown name (``MetricRecordingError/Code/unknownMetric``),
    ///   else the first name, in sorted order, whose value its collector refuses; nothing is recorded then.
    mutating func record(_ values: [String: Double], at now: ContinuousClock.Instant)
        throws(MetricRecordingError)
    {
        let unknown = values.keys.filter { index[$0] == nil }.sorted()
        guard unknown.isEmpty else { throw MetricRecordingError(code: .unknownMetric, metrics: unknown) }
        let ordered = values.sorted { $0.key < $1.key }
        for (name, value) in ordered {
            if let code = collectors[index[name]!].refusal(of: value) {
                throw MetricRecordingError(code: code, metrics: [name], value: value)
            }
        }
        for (name, value) in ordered {
            collectors[index[name]!].record(value, at: now)
        }
    }

    /// Every collector in the text exposition format at `now`.
    func exposition(at now: ContinuousClock.Instant) -> String {
        collectors.map { $0.exposition(at: now) }.joined()
    }
}
