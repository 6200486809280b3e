/// Every decision of the `services.json` publisher, pure, with time passed in: when to write, when to retry a
/// failed write, when to check that the file is still there, and the one instant the publisher must wake next.
///
/// - Start-up gate: the first write waits until every dependency has answered, or until the start-up
///   deadline.
/// - Merging: later changes go through a ``ChangeCoalescer`` (quiet period from the end of the last write,
///   maximum delay from the first change's arrival).
/// - Retry: a failed write is tried again with backoff (100 ms doubling to 5 s, with jitter) until one
///   succeeds; the retry writes whatever the file should say then.
/// - Repair: about once a second the shell compares the file with what it last wrote; a file deleted or
///   changed by someone else is written again.
///
/// The shell asks ``decision(at:)`` after each event and each action, acts on `.write` and `.check`, and for
/// `.waitUntil` re-arms its single timer to that instant (replacing any earlier one), so a deadline set at
/// start-up never holds back a later, sooner one.
struct PublisherState: Sendable {
    /// Why a write happens, for the log.
    enum Reason: Equatable, Sendable, CustomStringConvertible {
        case everyDependencyAnswered
        case startupDeadline
        case changed
        case retry
        case repair

        var description: String {
            switch self {
            case .everyDependencyAnswered: "every dependency answered"
            case .startupDeadline: "start-up deadline"
            case .changed: "dependencies changed"
            case .retry: "retry after a failed write"
            case .repair: "the file was changed or removed by someone else"
            }
        }
    }

    /// What the shell does now.
    enum Decision: Equatable, Sendable {
        /// Write what the file should say.
        case write(Reason)
        /// Compare the file on disk with what was last written, and report with ``checked(at:matches:)``.
        case check
        /// Nothing to do before this instant (or the next event).
        case waitUntil(ContinuousClock.Instant)
        /// Nothing to do until the next event.
        case idle
    }

    /// The timings.
    struct Timing: Sendable {
        var startupDeadline: Duration
        var quietPeriod: Duration = .milliseconds(50)
        var maximumDelay: Duration = .seconds(1)
        var firstRetry: Duration = .milliseconds(100)
        var longestRetry: Duration = .seconds(5)
        /// How often the file on disk is compared with what was written; `nil` for never.
        var checkInterval: Duration? = .seconds(1)
    }

    let timing: Timing
    private let startupDeadline: ContinuousClock.Instant
    private var coalescer: ChangeCoalescer
    /// Whether the first write has been made (or tried); the managed service starts then.
    private(set) var firstWriteDone = false
    /// Whether every dependency has answered at least once (set by the shell from ``DiscoveryState``).
    var everyDependencyAnswered = false
    /// Failed writes in a row.
    private(set) var failures = 0
    private var retryAt: ContinuousClock.Instant?
    private var lastError: String?
    private var repairNeeded = false
    private var nextCheck: ContinuousClock.Instant?

    init(startedAt start: ContinuousClock.Instant, timing: Timing) {
        self.timing = timing
        startupDeadline = start + timing.startupDeadline
        coalescer = ChangeCoalescer(quietPeriod: timing.quietPeriod, maximumDelay: timing.maximumDelay)
    }

    /// Whether a change waits to be written (merging, or after a failed write).
    var hasUnwrittenChange: Bool { coalescer.hasPending }

    /// What the file should say changed, with a dependency's answer that arrived at `arrival`.
    mutating func changed(at arrival: ContinuousClock.Instant) {
        coalescer.changed(at: arrival)
    }

    /// The start-up gate is open without a write (there is no dependency, so no file to write).
    mutating func firstWriteNotNeeded() {
        firstWriteDone = true
    }

    /// What to do at `now`.
    func decision(at now: ContinuousClock.Instant) -> Decision {
        guard firstWriteDone else {
            if everyDependencyAnswered { return .write(.everyDependencyAnswered) }
            if now >= startupDeadline { return .write(.startupDeadline) }
            return .waitUntil(startupDeadline)
        }
        if let retryAt {
            // While writes fail, only the backoff decides; the retry writes every change made meanwhile.
            return now >= retryAt ? .write(.retry) : .waitUntil(retryAt)
        }
        var wake: ContinuousClock.Instant?
        switch coalescer.decision(at: now) {
        case .writeNow: return .write(.changed)
        case .waitUntil(let due): wake = due
        case .idle: break
        }
        if repairNeeded { return .write(.repair) }
        if let nextCheck {
            if now >= nextCheck { return .check }
            wake = min(wake ?? nextCheck, nextCheck)
        }
        return wake.map { .waitUntil($0) } ?? .idle
    }

    /// A write that ran from `start` to `end` succeeded (or found the file already right). Returns the number of
    /// failed attempts before it, when there were any, so the shell can say the file is right again.
    @discardableResult
    mutating func wrote(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Int? {
        firstWriteDone = true
        coalescer.wrote(from: start, to: end)
        let recoveredAfter = failures > 0 ? failures : nil
        failures = 0
        retryAt = nil
        lastError = nil
        repairNeeded = false
        nextCheck = timing.checkInterval.map { end + $0 }
        return recoveredAfter
    }

    /// A write that ran from `start` to `end` failed with `error`. `jitter` (0.5 to 1) scales the backoff, so
    /// that many agents on one full disk do not retry in step. Returns whether the error differs from the
    /// previous failure's, so each distinct error is logged once.
    mutating func writeFailed(
        from start: ContinuousClock.Instant, to end: ContinuousClock.Instant, error: String, jitter: Double = 1
    ) -> Bool {
        firstWriteDone = true
        failures += 1
        let doublings = min(failures - 1, 16)
        let backoff = min(timing.firstRetry * (1 << doublings), timing.longestRetry)
        retryAt = end + backoff * min(1, max(0.5, jitter))
        let isNew = error != lastError
        lastError = error
        return isNew
    }

    /// The shell compared the file at `now`: `matches` when it holds what was last written.
    mutating func checked(at now: ContinuousClock.Instant, matches: Bool) {
        if !matches { repairNeeded = true }
        nextCheck = timing.checkInterval.map { now + $0 }
    }
}
