import DiscoveryModel
import Testing

@testable import PilotAgent

@Suite struct ChangeCoalescerTests {
    let start = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }

    @Test func anIsolatedChangeIsWrittenAtOnce() {
        var coalescer = ChangeCoalescer()
        do { let decision = coalescer.changed(at: at(0)); #expect(decision == .writeNow) }
        do { let decision = coalescer.changed(at: at(500)); #expect(decision == .writeNow) }
        #expect(!coalescer.hasPending)
    }

    @Test func changesInABurstAreMergedUntilItIsQuiet() {
        var coalescer = ChangeCoalescer(quietPeriod: .milliseconds(50), maximumDelay: .seconds(1))
        do { let decision = coalescer.changed(at: at(0)); #expect(decision == .writeNow) }
        do { let decision = coalescer.changed(at: at(10)); #expect(decision == .waitUntil(at(60))) }
        do { let decision = coalescer.changed(at: at(30)); #expect(decision == .waitUntil(at(80))) }
        do { let decision = coalescer.timerFired(at: at(60)); #expect(decision == .waitUntil(at(80))) }
        do { let decision = coalescer.timerFired(at: at(80)); #expect(decision == .writeNow) }
        do { let decision = coalescer.timerFired(at: at(90)); #expect(decision == .idle) }
    }

    @Test func aLongBurstIsWrittenAtTheMaximumDelay() {
        var coalescer = ChangeCoalescer(quietPeriod: .milliseconds(50), maximumDelay: .milliseconds(200))
        do { let decision = coalescer.changed(at: at(0)); #expect(decision == .writeNow) }
        var writes = 0
        for time in stride(from: 20, through: 440, by: 20) {
            if coalescer.timerFired(at: at(time)) == .writeNow { writes += 1 }
            if coalescer.changed(at: at(time)) == .writeNow { writes += 1 }
        }
        // Changes every 20 ms never leave 50 ms of quiet; the 200 ms cap writes them at 220 and 420 ms.
        #expect(writes == 2)
    }

    @Test func zeroQuietPeriodTurnsMergingOff() {
        var coalescer = ChangeCoalescer(quietPeriod: .zero, maximumDelay: .seconds(1))
        for time in 0..<5 { do { let decision = coalescer.changed(at: at(time)); #expect(decision == .writeNow) } }
    }
}

@Suite struct DiscoveryStateTests {
    let a = ServiceInstance(host: "192.0.2.1", port: 80)
    let b = ServiceInstance(host: "192.0.2.2", port: 80)

    @Test func completeOnlyOnceEveryDependencyAnswered() {
        var state = DiscoveryState(dependencies: ["db", "cache"])
        do { let changed = state.record([a], for: "db"); #expect(changed) }
        #expect(!state.isComplete)
        #expect(state.unanswered == ["cache"])
        do { let changed = state.record([], for: "cache"); #expect(changed) }
        #expect(state.isComplete)
        #expect(state.document.encoded() == "{\n  \"cache\": [],\n  \"db\": [\"192.0.2.1:80\"]\n}\n")
    }

    @Test func unansweredDependenciesKeepThePreviousFilesLine() {
        let previous = ServicesDocument(["db": [a, b], "cache": [b]])
        var state = DiscoveryState(dependencies: ["db", "cache"], previous: previous)
        _ = state.record([a], for: "db")
        #expect(state.document == ServicesDocument(["db": [a], "cache": [b]]))
    }

    @Test func sameAnswerIsNoChange() {
        var state = DiscoveryState(dependencies: ["db"])
        do { let changed = state.record([b, a], for: "db"); #expect(changed) }
        do { let changed = state.record([a, b], for: "db"); #expect(!changed) }
    }

    @Test func keepLastKnownHoldsTheLastNonEmptyList() {
        var state = DiscoveryState(dependencies: ["db", "cache"], keepLastKnown: ["db"])
        _ = state.record([a], for: "db")
        _ = state.record([a], for: "cache")
        do { let changed = state.record([], for: "db"); #expect(!changed) }
        do { let changed = state.record([], for: "cache"); #expect(changed) }
        #expect(state.document == ServicesDocument(["db": [a], "cache": []]))
    }
}
