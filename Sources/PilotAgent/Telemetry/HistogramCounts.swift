/// A Prometheus histogram's state: how many observations fell at or below each bucket's upper bound, their sum
/// and their count.
struct HistogramCounts: Sendable, Equatable {
    /// Prometheus' default buckets (`prometheus.DefBuckets` of the Go client ContainerPilot uses), tailored to
    /// response times in seconds.
    static let defaultBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// The buckets' upper bounds, ascending; the `+Inf` bucket is implicit (it is ``count``).
    let upperBounds: [Double]
    /// Per bucket, the observations at or below its bound (cumulative, as the exposition format shows them).
    private(set) var cumulativeCounts: [UInt64]
    /// The sum of all observations.
    private(set) var sum: Double = 0
    /// How many observations were made.
    private(set) var count: UInt64 = 0

    /// An empty histogram with `upperBounds`, ascending.
    init(upperBounds: [Double] = HistogramCounts.defaultBuckets) {
        self.upperBounds = upperBounds
        self.cumulativeCounts = Array(repeating: 0, count: upperBounds.count)
    }

    /// Adds one observation.
    mutating func observe(_ value: Double) {
        sum += value
        count += 1
        for (index, bound) in upperBounds.enumerated() where value <= bound {
            cumulativeCounts[index] += 1
        }
    }
}
