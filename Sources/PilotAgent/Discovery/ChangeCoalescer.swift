/// When to write `services.json` after dependency changes: the pure decision, with time passed in.
///
/// The first change after a calm period is written at once (the leading edge), so an isolated change is
/// not delayed. Changes that follow within `quietPeriod` of the previous one, or of the end of the previous
/// write, are merged: they are written together once no change has come, and no write has ended, for
/// `quietPeriod`, or `maximumDelay` after the first of them arrived, whichever is sooner. A rolling deploy of
/// 20 instances thus gives a handful of writes and signals, not 20. A `quietPeriod` of zero turns merging off:
/// every change is written at once.
///
/// Quiet is measured from the end of the last write because a write slower than the quiet period would
/// otherwise make every change look isolated, and a stream of changes would become a stream of writes each
/// queued behind the last (issue 11, defect 8). The maximum delay counts from when a change arrived (not when
/// the publisher got round to it) and leaves room for a write as long as the last one, so the file holds the
/// change by then under any load.
struct ChangeCoalescer: Sendable {
    /// What to do now.
    enum Decision: Equatable, Sendable {
        /// Write now.
        case writeNow
        /// Nothing to write yet; decide again at this instant (or at the next change).
        case waitUntil(ContinuousClock.Instant)
        /// Nothing pending.
        case idle
    }

    /// How long without a change (or a write ending) makes the burst over.
    var quietPeriod: Duration
    /// The longest a change may wait for the burst to end.
    var maximumDelay: Duration

    private var lastChange: ContinuousClock.Instant?
    private var lastWriteEnd: ContinuousClock.Instant?
    private var lastWriteDuration: Duration = .zero
    /// When the first change not yet written arrived.
    private(set) var pendingSince: ContinuousClock.Instant?
    /// Whether the pending change came after a calm period, and so is written at once.
    private var leadingEdge = false

    init(quietPeriod: Duration = .milliseconds(50), maximumDelay: Duration = .seconds(1)) {
        self.quietPeriod = quietPeriod
        self.maximumDelay = maximumDelay
    }

    /// Whether changes wait to be written.
    var hasPending: Bool { pendingSince != nil }

    /// A dependency's change arrived at `arrival` (which may be earlier than now, when the publisher was busy
    /// writing).
    mutating func changed(at arrival: ContinuousClock.Instant) {
        if pendingSince == nil {
            let lastActivity = [lastChange, lastWriteEnd].compactMap { $0 }.max()
            leadingEdge = lastActivity.map { arrival - $0 >= quietPeriod } ?? true
            pendingSince = arrival
        }
        lastChange = max(lastChange ?? arrival, arrival)
    }

    /// Every change recorded so far has been written, by a write that ran from `start` to `end`.
    mutating func wrote(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) {
        pendingSince = nil
        leadingEdge = false
        lastWriteEnd = end
        lastWriteDuration = max(.zero, end - start)
    }

    /// What to do at `now`.
    func decision(at now: ContinuousClock.Instant) -> Decision {
        guard let pendingSince, let lastChange else { return .idle }
        if quietPeriod <= .zero || leadingEdge { return .writeNow }
        let quietEnd = max(lastChange, lastWriteEnd ?? lastChange) + quietPeriod
        // Room for a write as long as the last one, but never before the change itself.
        let latest = max(pendingSince, pendingSince + maximumDelay - lastWriteDuration)
        let due = min(quietEnd, latest)
        return now >= due ? .writeNow : .waitUntil(due)
    }
}
