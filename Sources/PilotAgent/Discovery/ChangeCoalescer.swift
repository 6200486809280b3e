/// When to write `services.json` after dependency changes: the pure decision, with time passed in.
///
/// The first change after a calm period is written at once (the leading edge), so an isolated change is
/// not delayed. Changes that follow within `quietPeriod` of the previous one are merged: they are written
/// together once no change has come for `quietPeriod`, or `maximumDelay` after the first of them, whichever
/// is sooner. A rolling deploy of 20 instances thus gives a handful of writes and signals, not 20. A
/// `quietPeriod` of zero turns merging off: every change is written at once.
struct ChangeCoalescer: Sendable {
    /// What to do after a change or a timer.
    enum Decision: Equatable, Sendable {
        /// Write now.
        case writeNow
        /// Nothing to write yet; decide again at this instant (or at the next change).
        case waitUntil(ContinuousClock.Instant)
        /// Nothing pending.
        case idle
    }

    /// How long without a change makes the burst over.
    var quietPeriod: Duration
    /// The longest a change may wait for the burst to end.
    var maximumDelay: Duration

    private var lastChange: ContinuousClock.Instant?
    private var pendingSince: ContinuousClock.Instant?

    init(quietPeriod: Duration = .milliseconds(50), maximumDelay: Duration = .seconds(1)) {
        self.quietPeriod = quietPeriod
        self.maximumDelay = maximumDelay
    }

    /// Whether changes wait to be written.
    var hasPending: Bool { pendingSince != nil }

    /// A dependency changed at `now`.
    mutating func changed(at now: ContinuousClock.Instant) -> Decision {
        let calm = lastChange.map { now - $0 >= quietPeriod } ?? true
        lastChange = now
        guard quietPeriod > .zero else { return .writeNow }
        if calm && pendingSince == nil { return .writeNow }
        if pendingSince == nil { pendingSince = now }
        return decide(at: now)
    }

    /// The timer set by an earlier decision fired at `now`.
    mutating func timerFired(at now: ContinuousClock.Instant) -> Decision {
        guard pendingSince != nil else { return .idle }
        return decide(at: now)
    }

    private mutating func decide(at now: ContinuousClock.Instant) -> Decision {
        guard let pendingSince, let lastChange else { return .idle }
        let due = min(lastChange + quietPeriod, pendingSince + maximumDelay)
        if now >= due {
            self.pendingSince = nil
            return .writeNow
        }
        return .waitUntil(due)
    }
}
