/// The client-wide decisions about Consul's reachability, with no I/O: when Consul counts as unreachable or back,
/// when the watches waiting out an error backoff are woken, when to probe Consul, and when a failure looks like
/// Consul's per-client connection limit.
///
/// ``ReachabilityMonitor`` is the shell: it reports every call's start and end here, and acts on the outcomes
/// (publishes changes, wakes waiting watches, sends probes, logs the limit once).
///
/// The rules:
/// - an answer with a status below 500 makes Consul reachable; a 5xx changes nothing (Consul answers, but
///   cannot serve);
/// - a connection failure or a timeout makes Consul unreachable only when no other call is in flight: while
///   another call holds a connection, Consul is there and this failure is the call's own (the connection limit,
///   a broken connection);
/// - the change from unreachable (or unknown) to reachable wakes every watch waiting in backoff; each then adds
///   its own jitter (``BlockingQueryState/consulAnsweredDuringBackoff(using:)``), so they do not call at once;
/// - while Consul is not known reachable and at least one watch waits, one probe at most every
///   ``probeInterval`` finds Consul's return;
/// - a connection closed or reset while other calls stay open, over more than ``limitEvidenceSpan``, and with no
///   outage in between, is Consul's per-client connection limit (`limits.http_max_conns_per_client`); it is
///   reported once.
struct ReachabilityState: Sendable {
    /// The least time between the starts of two probes.
    static let probeInterval: Duration = .milliseconds(500)
    /// How long refusals beside open connections must go on before they are blamed on the connection limit: an
    /// outage also resets open connections, but all within a moment, and turns to refused connects after.
    static let limitEvidenceSpan: Duration = .seconds(1)

    /// How a call ended.
    enum CallEnd: Equatable, Sendable {
        /// Consul answered with this HTTP status.
        case answered(status: Int)
        /// No answer: no connection, a connection closed before the reply, or no reply before the deadline.
        /// `mayBeConnectionLimit` is set for a connection closed or reset by Consul.
        case unreachable(description: String, mayBeConnectionLimit: Bool)
        /// Any other failure (TLS, cancellation, decoding): says nothing about reachability.
        case other
    }

    /// What the shell should do after a call ended.
    struct Outcome: Equatable, Sendable {
        /// A new state to publish to subscribers.
        var publish: ConsulReachability?
        /// Wake every watch waiting in backoff.
        var wakeWaiters = false
        /// Report the connection limit (once): the calls in flight and the watches waiting when it was seen.
        var connectionLimit: ConnectionLimitEvidence?
    }

    /// What was seen when the connection limit was recognised.
    struct ConnectionLimitEvidence: Equatable, Sendable {
        /// Calls holding a connection at the time.
        var callsInFlight: Int
        /// Watches waiting in backoff (most were refused) at the time.
        var watchesWaiting: Int
        /// The least number of connections pilot needs: every call and waiting watch, and the refused one.
        var connectionsNeeded: Int { callsInFlight + watchesWaiting + 1 }
    }

    /// The probe decision.
    enum ProbeDecision: Equatable, Sendable {
        /// No probe is needed (Consul is reachable, or no watch waits): the probe loop ends.
        case stop
        /// Probe now.
        case probeNow
        /// Look again after this delay.
        case wait(Duration)
    }

    /// The last known state; `nil` before the first call ended.
    private(set) var current: ConsulReachability?
    /// Calls started and not yet ended.
    private(set) var callsInFlight = 0
    /// Watches waiting in backoff for Consul's return.
    private(set) var watchesWaiting = 0
    /// Whether the shell's probe loop runs.
    private(set) var probeLoopRunning = false
    private var lastProbeStart: ContinuousClock.Instant?
    private var limitSuspectedSince: ContinuousClock.Instant?
    /// Whether the connection limit was reported already.
    private(set) var connectionLimitReported = false

    /// Records a call's start.
    mutating func callStarted() {
        self.callsInFlight += 1
    }

    /// Records a call's end and decides what follows.
    mutating func callEnded(_ end: CallEnd, at now: ContinuousClock.Instant) -> Outcome {
        self.callsInFlight = max(self.callsInFlight - 1, 0)
        var outcome = Outcome()
        switch end {
        case .answered(let status) where status < 500:
            if self.current != .reachable {
                outcome.wakeWaiters = self.watchesWaiting > 0
                self.current = .reachable
                outcome.publish = .reachable
            }
        case .answered, .other:
            break
        case .unreachable(let description, let mayBeConnectionLimit):
            if self.callsInFlight == 0 {
                // Every caller fails: an outage.
                self.limitSuspectedSince = nil
                let state = ConsulReachability.unreachable(description)
                if self.current != state {
                    self.current = state
                    outcome.publish = state
                }
            } else if mayBeConnectionLimit, self.current == .reachable, !self.connectionLimitReported {
                if let since = self.limitSuspectedSince {
                    if now - since >= Self.limitEvidenceSpan {
                        self.connectionLimitReported = true
                        outcome.connectionLimit = ConnectionLimitEvidence(
                            callsInFlight: self.callsInFlight, watchesWaiting: self.watchesWaiting)
                    }
                } else {
                    self.limitSuspectedSince = now
                }
            }
        }
        return outcome
    }

    /// Records that a watch starts waiting in backoff; `true` when the shell must start its probe loop.
    mutating func watchStartsWaiting() -> Bool {
        self.watchesWaiting += 1
        guard !self.probeLoopRunning else { return false }
        self.probeLoopRunning = true
        return true
    }

    /// Records that a watch stopped waiting (its backoff ended, or it was cancelled).
    mutating func watchStopsWaiting() {
        self.watchesWaiting = max(self.watchesWaiting - 1, 0)
    }

    /// Records that every waiting watch was woken.
    mutating func allWatchesWoken() {
        self.watchesWaiting = 0
    }

    /// Whether the probe loop should probe now, wait, or end (and then it counts as stopped).
    mutating func nextProbe(at now: ContinuousClock.Instant) -> ProbeDecision {
        guard self.watchesWaiting > 0, self.current != .reachable else {
            self.probeLoopRunning = false
            return .stop
        }
        if let last = self.lastProbeStart, now - last < Self.probeInterval {
            return .wait(Self.probeInterval - (now - last))
        }
        self.lastProbeStart = now
        return .probeNow
    }
}
