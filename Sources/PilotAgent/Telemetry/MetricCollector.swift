import ContainerPilotConfig

/// One collector of `telemetry.metrics`: its configuration and what it has recorded, with the rules of its kind
/// as ContainerPilot applies them (`telemetry/metrics.go`): a counter adds, a gauge is set (`Gauge.Set`, not
/// `Add`), a histogram and a summary observe.
struct MetricCollector: Sendable, Equatable {
    /// What a collector has recorded, by kind.
    enum Recorded: Sendable, Equatable {
        /// A counter's total.
        case counter(Double)
        /// A gauge's last value.
        case gauge(Double)
        /// A histogram's buckets, sum and count.
        case histogram(HistogramCounts)
        /// A summary's window, sum and count.
        case summary(SlidingSummary)

        /// Values compare by bit pattern, so that a gauge set to NaN equals itself.
        static func == (lhs: Self, rhs: Self) -> Bool {
            switch (lhs, rhs) {
            case (.counter(let left), .counter(let right)), (.gauge(let left), .gauge(let right)):
                left.bitPattern == right.bitPattern
            case (.histogram(let left), .histogram(let right)): left == right
            case (.summary(let left), .summary(let right)): left == right
            default: false
            }
        }
    }

    /// The configuration it was made from.
    let configuration: MetricConfiguration
    /// What it has recorded so far.
    private(set) var recorded: Recorded

    /// An empty collector for `configuration`.
    init(_ configuration: MetricConfiguration) {
        self.configuration = configuration
        switch configuration.kind {
        case .counter: recorded = .counter(0)
        case .gauge: recorded = .gauge(0)
        case .histogram: recorded = .histogram(HistogramCounts())
        case .summary: recorded = .summary(SlidingSummary())
        }
    }

    /// Why `value` cannot be recorded, or `nil` when it can: checked for every value of a request before any is
    /// recorded, so that a request records all its values or none.
    func refusal(of value: Double) -> MetricRecordingError.Code? {
        switch configuration.kind {
        case .gauge:
            return nil
        case .counter:
            if value.isNaN || value.isInfinite { return .notFinite }
            return value < 0 ? .decreasingCounter : nil
        case .histogram, .summary:
            return value.isNaN || value.isInfinite ? .notFinite : nil
        }
    }

    /// Records `value`, made at `time`; `value` passed ``refusal(of:)``.
    mutating func record(_ value: Double, at time: ContinuousClock.Instant) {
        switch recorded {
        case .counter(let total): recorded = .counter(total + value)
        case .gauge: recorded = .gauge(value)
        case .histogram(var counts):
            counts.observe(value)
            recorded = .histogram(counts)
        case .summary(var summary):
            summary.observe(value, at: time)
            recorded = .summary(summary)
        }
    }

    /// The collector's family in the text exposition format at `now`, `# HELP` and `# TYPE` lines first.
    func exposition(at now: ContinuousClock.Instant) -> String {
        let name = configuration.fullName
        var text = "# HELP \(name) \(PrometheusText.help(configuration.help))\n"
        text += "# TYPE \(name) \(configuration.kind.rawValue)\n"
        switch recorded {
        case .counter(let value), .gauge(let value):
            text += "\(name) \(PrometheusText.number(value))\n"
        case .histogram(let counts):
            for (bound, count) in zip(counts.upperBounds, counts.cumulativeCounts) {
                text += "\(name)_bucket{le=\"\(PrometheusText.number(bound))\"} \(count)\n"
            }
            text += "\(name)_bucket{le=\"+Inf\"} \(counts.count)\n"
            text += "\(name)_sum \(PrometheusText.number(counts.sum))\n"
            text += "\(name)_count \(counts.count)\n"
        case .summary(let summary):
            for (quantile, value) in summary.quantileValues(at: now) {
                text += "\(name){quantile=\"\(PrometheusText.number(quantile))\"} \(PrometheusText.number(value))\n"
            }
            text += "\(name)_sum \(PrometheusText.number(summary.sum))\n"
            text += "\(name)_count \(summary.count)\n"
        }
        return text
    }
}
