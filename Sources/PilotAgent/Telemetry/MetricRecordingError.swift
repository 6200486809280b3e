/// A `/v3/metric` request (or `-putmetric`) that recorded nothing: which metrics, and why.
public struct MetricRecordingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why the values were refused.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case unknownMetric, decreasingCounter, notFinite
        }

        private let base: Base

        /// No configured metric has this name (neither ContainerPilot's `namespace_subsystem_name` key nor the
        /// full Prometheus name).
        public static let unknownMetric = Code(base: .unknownMetric)
        /// A negative value for a counter: Prometheus counters only go up.
        public static let decreasingCounter = Code(base: .decreasingCounter)
        /// NaN or an infinity for a counter, histogram or summary, whose sum it would spoil for good.
        public static let notFinite = Code(base: .notFinite)

        /// The code's name.
        public var description: String {
            switch base {
            case .unknownMetric: "unknownMetric"
            case .decreasingCounter: "decreasingCounter"
            case .notFinite: "notFinite"
            }
        }
    }

    /// Why.
    public var code: Code
    /// The names as the request spelled them: every unknown one, or the one whose value was refused.
    public var metrics: [String]
    /// The refused value, for ``Code/decreasingCounter`` and ``Code/notFinite``.
    public var value: Double?

    /// An error of `code` about `metrics`.
    public init(code: Code, metrics: [String], value: Double? = nil) {
        self.code = code
        self.metrics = metrics
        self.value = value
    }

    /// The message a client sees: what was refused, and that nothing was recorded.
    public var description: String {
        let names = metrics.joined(separator: ", ")
        let shown = value.map(PrometheusText.number) ?? ""
        switch code {
        case .decreasingCounter:
            return "metric \(names) is a counter, which only goes up: \(shown) cannot be added; nothing was recorded"
        case .notFinite:
            return "metric \(names) cannot record \(shown): only a gauge takes NaN or an infinity; nothing was recorded"
        default:
            return "no such metric: \(names); nothing was recorded"
        }
    }

    /// Errors compare their values by bit pattern, so that one refusing NaN equals itself.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && lhs.metrics == rhs.metrics && lhs.value?.bitPattern == rhs.value?.bitPattern
    }
}
