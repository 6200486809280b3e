/// A Prometheus collector that jobs record into through the control plane (an element of `telemetry.metrics`).
public struct MetricConfiguration: Hashable, Sendable {
    /// The collector's kind (`type`).
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A value that only goes up.
        case counter
        /// A value that goes up and down.
        case gauge
        /// Observations counted in buckets.
        case histogram
        /// Observations summarised in quantiles.
        case summary
    }

    /// The name's first part (`namespace`), possibly empty.
    public var namespace: String
    /// The name's second part (`subsystem`), possibly empty.
    public var subsystem: String
    /// The name's last part (`name`).
    public var name: String
    /// The help text (`help`).
    public var help: String
    /// The collector's kind (`type`).
    public var kind: Kind

    /// The full metric name: the non-empty parts joined by `_`, as the Prometheus client builds it.
    public var fullName: String {
        [namespace, subsystem, name].filter { !$0.isEmpty }.joined(separator: "_")
    }

    /// Creates a metric configuration.
    public init(namespace: String = "", subsystem: String = "", name: String, help: String, kind: Kind) {
        self.namespace = namespace
        self.subsystem = subsystem
        self.name = name
        self.help = help
        self.kind = kind
    }
}
