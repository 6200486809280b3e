/// A Prometheus summary kept in bounded memory: the quantiles of the recent observations, and the sum and count of
/// all of them.
///
/// Prometheus' Go client (the one ContainerPilot uses) reports by default the 0.5, 0.9 and 0.99 quantiles of the
/// observations of the last ten minutes, with `_sum` and `_count` over the whole life of the process. This type
/// keeps the same contract with exact quantiles over a sliding window: observations older than ``maximumAge``
/// leave it, and so does the oldest one when ``capacity`` is reached, so memory stays bounded under any rate of
/// observations. Time comes in as an argument, so the rules are tested with no clock.
struct SlidingSummary: Sendable, Equatable {
    /// The quantiles reported, as Prometheus' Go client reports them by default.
    static let defaultQuantiles: [Double] = [0.5, 0.9, 0.99]

    /// One observation in the window.
    private struct Observation: Sendable, Equatable {
        var value: Double
        var time: ContinuousClock.Instant
    }

    /// The quantiles reported, each in `0...1`.
    let quantiles: [Double]
    /// How long an observation counts for the quantiles (the Go client's `DefMaxAge`).
    let maximumAge: Duration
    /// The most observations the window holds.
    let capacity: Int

    /// The window, oldest first, as a ring: `window[start...]` then `window[..<start]` once it is full.
    private var window: [Observation] = []
    private var start = 0
    /// The sum of every observation ever made.
    private(set) var sum: Double = 0
    /// How many observations were ever made.
    private(set) var count: UInt64 = 0

    /// A summary with Prometheus' Go client defaults and a window of at most `capacity` observations.
    init(
        quantiles: [Double] = SlidingSummary.defaultQuantiles, maximumAge: Duration = .seconds(600),
        capacity: Int = 1024
    ) {
        precondition(capacity > 0, "a summary's window holds at least one observation")
        self.quantiles = quantiles
        self.maximumAge = maximumAge
        self.capacity = capacity
    }

    /// Adds one observation made at `time`.
    mutating func observe(_ value: Double, at time: ContinuousClock.Instant) {
        sum += value
        count += 1
        let observation = Observation(value: value, time: time)
        if window.count < capacity {
            window.append(observation)
        } else {
            window[start] = observation
            start = (start + 1) % capacity
        }
    }

    /// The observations still in the window at `now`.
    func recentValues(at now: ContinuousClock.Instant) -> [Double] {
        let ordered = window[start...] + window[..<start]
        return ordered.filter { now - $0.time < maximumAge }.map(\.value)
    }

    /// Each reported quantile and its value at `now`: the nearest-rank quantile of the recent observations
    /// (the smallest value with at least `q` of them at or below it), NaN when there is none, as the Go client
    /// reports an empty summary.
    func quantileValues(at now: ContinuousClock.Instant) -> [(quantile: Double, value: Double)] {
        let sorted = recentValues(at: now).sorted()
        return quantiles.map { quantile in
            guard !sorted.isEmpty else { return (quantile, .nan) }
            let rank = (quantile * Double(sorted.count)).rounded(.up)
            let index = min(max(Int(rank) - 1, 0), sorted.count - 1)
            return (quantile, sorted[index])
        }
    }

    /// The sum compares by bit pattern, so that equal states are equal even when it is NaN.
    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.quantiles == rhs.quantiles && lhs.maximumAge == rhs.maximumAge && lhs.capacity == rhs.capacity
            && lhs.window == rhs.window && lhs.start == rhs.start && lhs.sum.bitPattern == rhs.sum.bitPattern
            && lhs.count == rhs.count
    }
}
