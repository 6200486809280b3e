/// The decisions of a blocking-query loop, with no I/O: which index and wait to send, how long to pause before
/// the next call, when to reset the index, how to back off after errors, and when a reply is worth delivering.
///
/// ``ConsulWatch`` is the thin async shell around it: it asks ``nextCall(at:using:)`` what to do, sleeps,
/// performs the HTTP call, and reports the reply or the failure back. Time and randomness come in as
/// arguments, so the rules can be tested with fake clocks and fixed random numbers.
///
/// The rules, from Consul's documentation of blocking queries and consul-template's pacing:
/// - an index that goes backwards resets the loop to index 0;
/// - an index of 0 in a reply is treated as 1, so the loop always blocks afterwards;
/// - two calls with index 0 (which do not block) are never sent back to back without a pause;
/// - two calls start at least ``BlockingQueryPolicy/minimumSpacing`` apart, plus a random dither when that
///   spacing applies;
/// - errors back off exponentially with jitter, up to a cap;
/// - a backoff ends early when Consul answers again after an outage (any call of the client succeeded): the
///   watch then retries after a random delay below ``BlockingQueryPolicy/recoveryJitter``;
/// - a reply is delivered only when its content differs from the last one delivered (not when only the
///   index moved);
/// - an empty reply that would replace content is doubtful when the answering server knew no leader
///   (`X-Consul-KnownLeader: false`, during an election) or when its index went backwards (a server behind the
///   others): it is not delivered until a reply confirms it (a leader known, the index moving forward), so a
///   watch never turns healthy instances into none on one server's stale word.
struct BlockingQueryState<Value: Equatable & Sendable>: Sendable {
    /// What the loop should do next.
    struct NextCall: Equatable, Sendable {
        /// How long to pause before starting the call.
        var delay: Duration
        /// The index and wait to send.
        var parameters: BlockingQueryParameters
    }

    /// What to do with a reply's value.
    enum Delivery: Equatable, Sendable {
        /// The content changed: hand it to the consumer.
        case deliver(Value)
        /// Same content as last delivered (a timeout or an idempotent write): keep polling.
        case unchanged
    }

    /// The outcome of a reply.
    struct ReplyOutcome: Equatable, Sendable {
        var delivery: Delivery
        /// Set when the reply's index was below the one sent, and the loop went back to index 0.
        var indexWentBackwards: (from: UInt64, to: UInt64)?
        /// Set when the reply was empty, would have replaced content, and was not trusted (see the rules).
        var doubtfulEmpty = false

        static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.delivery == rhs.delivery && lhs.indexWentBackwards?.from == rhs.indexWentBackwards?.from
                && lhs.indexWentBackwards?.to == rhs.indexWentBackwards?.to && lhs.doubtfulEmpty == rhs.doubtfulEmpty
        }
    }

    /// What to do after a failed call.
    enum FailureDecision: Equatable, Sendable {
        /// Try again after this delay (already included in the next ``nextCall(at:using:)``).
        case retry(after: Duration)
        /// ``BlockingQueryPolicy/maximumConsecutiveFailures`` was reached.
        case giveUp
    }

    let policy: BlockingQueryPolicy
    /// The index the next call sends.
    private(set) var index: UInt64 = 0
    /// Failures since the last successful reply.
    private(set) var consecutiveFailures = 0
    private var delivered: Delivery = .unchanged
    private var lastCallStart: ContinuousClock.Instant?
    private var lastSentIndex: UInt64?
    private var pendingBackoff: Duration = .zero

    init(policy: BlockingQueryPolicy) {
        self.policy = policy
    }

    /// The parameters and the pause before the next call.
    mutating func nextCall(
        at now: ContinuousClock.Instant,
        using generator: inout some RandomNumberGenerator
    ) -> NextCall {
        var delay = self.pendingBackoff
        self.pendingBackoff = .zero
        if let lastCallStart {
            let elapsed = now - lastCallStart
            if elapsed < self.policy.minimumSpacing {
                let spacing =
                    self.policy.minimumSpacing - elapsed
                    + self.policy.spacingDither * Self.unitFraction(using: &generator)
                delay = max(delay, spacing)
            }
        }
        if self.index == 0, self.lastSentIndex == 0 {
            // A call with index 0 returns at once; two in a row with no pause is the busy loop Consul warns of.
            delay = max(delay, self.policy.initialBackoff)
        }
        return NextCall(delay: delay, parameters: BlockingQueryParameters(index: self.index, wait: self.policy.wait))
    }

    /// Records that a call with `parameters` starts now.
    mutating func callStarted(with parameters: BlockingQueryParameters, at now: ContinuousClock.Instant) {
        self.lastCallStart = now
        self.lastSentIndex = parameters.index
    }

    /// Digests a successful reply: its `X-Consul-Index`, its decoded content, whether the answering server knew
    /// a leader, and whether the content is empty (a list with no element).
    mutating func receivedReply(
        index replyIndex: UInt64, value: Value, knownLeader: Bool = true, isEmpty: Bool = false
    ) -> ReplyOutcome {
        self.consecutiveFailures = 0
        // Consul documents index 0 in a reply as a bug that would make clients spin; 1 is always safe to wait on.
        let normalized = max(replyIndex, 1)
        var wentBackwards: (from: UInt64, to: UInt64)?
        if normalized < self.index {
            wentBackwards = (self.index, normalized)
            self.index = 0
        } else {
            self.index = normalized
        }

        if case .deliver(let previous) = self.delivered, previous == value {
            return ReplyOutcome(delivery: .unchanged, indexWentBackwards: wentBackwards)
        }
        // Replacing content with nothing on the word of a server without a leader, or behind the others, waits
        // for a reply that confirms it. (The first answer of all is taken as it is: there is nothing to keep.)
        if isEmpty, case .deliver = self.delivered, !knownLeader || wentBackwards != nil {
            return ReplyOutcome(delivery: .unchanged, indexWentBackwards: wentBackwards, doubtfulEmpty: true)
        }
        self.delivered = .deliver(value)
        return ReplyOutcome(delivery: .deliver(value), indexWentBackwards: wentBackwards)
    }

    /// Digests a failed call.
    ///
    /// - Parameter isConnectionFailure: whether no Consul could be reached (as opposed to an error status).
    mutating func receivedFailure(
        isConnectionFailure: Bool,
        using generator: inout some RandomNumberGenerator
    ) -> FailureDecision {
        self.consecutiveFailures += 1
        if let maximum = self.policy.maximumConsecutiveFailures, self.consecutiveFailures >= maximum {
            return .giveUp
        }
        if isConnectionFailure, self.policy.resetIndexAfterConnectionFailure {
            self.index = 0
        }
        let delay = self.backoff(afterFailures: self.consecutiveFailures, using: &generator)
        self.pendingBackoff = delay
        return .retry(after: delay)
    }

    /// Whether the loop is backing off after errors, so that a pause may end early when Consul is back.
    var isBackingOff: Bool { self.consecutiveFailures > 0 }

    /// Consul answered again while the loop waited out its backoff: the rest of the backoff is dropped and
    /// the call starts after the returned delay, drawn uniformly below ``BlockingQueryPolicy/recoveryJitter``
    /// so that the client's watches spread their calls. Failures in a row are kept: should the call fail
    /// again, the backoff goes on growing.
    mutating func consulAnsweredDuringBackoff(using generator: inout some RandomNumberGenerator) -> Duration {
        self.pendingBackoff = .zero
        return self.policy.recoveryJitter * Self.unitFraction(using: &generator)
    }

    /// The jittered backoff after `failures` failures in a row: the nominal delay doubles from
    /// ``BlockingQueryPolicy/initialBackoff`` up to ``BlockingQueryPolicy/maximumBackoff``, and the actual one is
    /// drawn uniformly from the nominal's upper half.
    func backoff(afterFailures failures: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let nominal = self.nominalBackoff(afterFailures: failures)
        return nominal / 2 + (nominal / 2) * Self.unitFraction(using: &generator)
    }

    /// The backoff before jitter.
    func nominalBackoff(afterFailures failures: Int) -> Duration {
        var nominal = self.policy.initialBackoff
        var doublings = max(failures - 1, 0)
        while doublings > 0, nominal < self.policy.maximumBackoff {
            nominal = nominal * 2
            doublings -= 1
        }
        return min(nominal, self.policy.maximumBackoff)
    }

    /// A number in `0..<1` from the generator's top 53 bits, so fixed generators give predictable results.
    static func unitFraction(using generator: inout some RandomNumberGenerator) -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }
}
