import Testing

@testable import ConsulAPI

/// The client-wide reachability decisions, driven with fake instants: no I/O.
@Suite("Reachability state machine")
struct ReachabilityStateTests {
    let t0 = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant {
        self.t0 + .milliseconds(milliseconds)
    }

    static let refused = ReachabilityState.CallEnd.unreachable(
        description: "connection refused", mayBeConnectionLimit: false)
    static let reset = ReachabilityState.CallEnd.unreachable(
        description: "connection reset", mayBeConnectionLimit: true)

    /// A state in which Consul went away while `waiting` watches wait in backoff.
    func outage(waiting: Int) -> ReachabilityState {
        var state = ReachabilityState()
        state.callStarted()
        _ = state.callEnded(.answered(status: 200), at: self.at(0))
        state.callStarted()
        _ = state.callEnded(Self.refused, at: self.at(10))
        for _ in 0..<waiting { _ = state.watchStartsWaiting() }
        return state
    }

    @Test func firstAnswerPublishesReachable() {
        var state = ReachabilityState()
        state.callStarted()
        let outcome = state.callEnded(.answered(status: 404), at: self.at(0))
        #expect(outcome.publish == .reachable)
        #expect(state.current == .reachable)
        state.callStarted()
        #expect(state.callEnded(.answered(status: 200), at: self.at(1)).publish == nil)
    }

    @Test func failureWithNoOtherCallInFlightIsAnOutage() {
        var state = ReachabilityState()
        state.callStarted()
        let outcome = state.callEnded(Self.refused, at: self.at(0))
        #expect(outcome.publish == .unreachable("connection refused"))
    }

    @Test func failureBesideAnOpenCallIsNotAnOutage() {
        var state = ReachabilityState()
        state.callStarted()
        state.callStarted()
        #expect(state.callEnded(Self.refused, at: self.at(0)).publish == nil)
        // The last one failing too makes it an outage.
        #expect(state.callEnded(Self.refused, at: self.at(1)).publish == .unreachable("connection refused"))
    }

    @Test func aNewerErrorIsPublishedAndTheSameOneIsNot() {
        var state = self.outage(waiting: 0)
        state.callStarted()
        #expect(state.callEnded(Self.refused, at: self.at(20)).publish == nil)
        state.callStarted()
        let other = ReachabilityState.CallEnd.unreachable(description: "timed out", mayBeConnectionLimit: false)
        #expect(state.callEnded(other, at: self.at(30)).publish == .unreachable("timed out"))
    }

    @Test func answerAfterAnOutageWakesEveryWaitingWatch() {
        var state = self.outage(waiting: 3)
        state.callStarted()
        let outcome = state.callEnded(.answered(status: 200), at: self.at(100))
        #expect(outcome.wakeWaiters)
        #expect(outcome.publish == .reachable)
    }

    @Test func answerWhileReachableWakesNobody() {
        var state = ReachabilityState()
        state.callStarted()
        _ = state.callEnded(.answered(status: 200), at: self.at(0))
        _ = state.watchStartsWaiting()
        state.callStarted()
        #expect(!state.callEnded(.answered(status: 200), at: self.at(5)).wakeWaiters)
    }

    @Test func serverErrorIsNotConsulAnsweringAgain() {
        var state = self.outage(waiting: 1)
        state.callStarted()
        let outcome = state.callEnded(.answered(status: 500), at: self.at(100))
        #expect(!outcome.wakeWaiters)
        #expect(outcome.publish == nil)
    }

    @Test func probesEveryHalfSecondOnlyWhileWatchesWaitAndConsulIsAway() {
        var state = ReachabilityState()
        state.callStarted()
        _ = state.callEnded(Self.refused, at: self.at(0))
        let first = state.watchStartsWaiting()
        #expect(first)  // the first waiter starts the probe loop
        let second = state.watchStartsWaiting()
        #expect(!second)  // one loop per client
        #expect(state.nextProbe(at: self.at(0)) == .probeNow)
        #expect(state.nextProbe(at: self.at(200)) == .wait(.milliseconds(300)))
        #expect(state.nextProbe(at: self.at(500)) == .probeNow)
        state.watchStopsWaiting()
        state.watchStopsWaiting()
        #expect(state.nextProbe(at: self.at(1000)) == .stop)
        #expect(!state.probeLoopRunning)
        let again = state.watchStartsWaiting()
        #expect(again)  // a new waiter starts it again
    }

    @Test func noProbeOnceConsulIsReachable() {
        var state = self.outage(waiting: 1)
        state.callStarted()
        _ = state.callEnded(.answered(status: 200), at: self.at(100))
        _ = state.watchStartsWaiting()
        #expect(state.nextProbe(at: self.at(200)) == .stop)
    }

    @Test func resetsBesideOpenConnectionsForOverASecondAreTheConnectionLimitReportedOnce() {
        var state = ReachabilityState()
        state.callStarted()
        _ = state.callEnded(.answered(status: 200), at: self.at(0))
        for _ in 0..<19 { state.callStarted() }  // watches holding connections
        _ = state.watchStartsWaiting()
        state.callStarted()
        #expect(state.callEnded(Self.reset, at: self.at(10)).connectionLimit == nil)
        state.callStarted()
        #expect(state.callEnded(Self.reset, at: self.at(500)).connectionLimit == nil)
        state.callStarted()
        let evidence = state.callEnded(Self.reset, at: self.at(1100)).connectionLimit
        #expect(evidence == .init(callsInFlight: 19, watchesWaiting: 1))
        #expect(evidence?.connectionsNeeded == 21)
        state.callStarted()
        #expect(state.callEnded(Self.reset, at: self.at(5000)).connectionLimit == nil)
    }

    @Test func resetsDuringAnOutageAreNotTheConnectionLimit() {
        var state = ReachabilityState()
        state.callStarted()
        _ = state.callEnded(.answered(status: 200), at: self.at(0))
        for _ in 0..<3 { state.callStarted() }
        #expect(state.callEnded(Self.reset, at: self.at(10)).connectionLimit == nil)
        #expect(state.callEnded(Self.reset, at: self.at(11)).connectionLimit == nil)
        // The last open call fails too: an outage, which clears the suspicion.
        #expect(state.callEnded(Self.reset, at: self.at(12)).publish == .unreachable("connection reset"))
        state.callStarted()
        state.callStarted()
        _ = state.callEnded(.answered(status: 200), at: self.at(3000))
        #expect(state.callEnded(Self.reset, at: self.at(3001)).connectionLimit == nil)
    }
}
