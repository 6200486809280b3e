import DiscoveryModel
import Testing

@testable import PilotAgent

@Suite struct ChangeCoalescerTests {
    let start = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }

    @Test func anIsolatedChangeIsWrittenAtOnce() {
        var coalescer = ChangeCoalescer()
        coalescer.changed(at: at(0))
        #expect(coalescer.decision(at: at(0)) == .writeNow)
        coalescer.wrote(from: at(0), to: at(1))
        coalescer.changed(at: at(500))
        #expect(coalescer.decision(at: at(500)) == .writeNow)
        coalescer.wrote(from: at(500), to: at(501))
        #expect(!coalescer.hasPending)
    }

    @Test func changesInABurstAreMergedUntilItIsQuiet() {
        var coalescer = ChangeCoalescer(quietPeriod: .milliseconds(50), maximumDelay: .seconds(1))
        coalescer.changed(at: at(0))
        #expect(coalescer.decision(at: at(0)) == .writeNow)
        coalescer.wrote(from: at(0), to: at(0))
        coalescer.changed(at: at(10))
        #expect(coalescer.decision(at: at(10)) == .waitUntil(at(60)))
        coalescer.changed(at: at(30))
        #expect(coalescer.decision(at: at(30)) == .waitUntil(at(80)))
        #expect(coalescer.decision(at: at(60)) == .waitUntil(at(80)))
        #expect(coalescer.decision(at: at(80)) == .writeNow)
        coalescer.wrote(from: at(80), to: at(80))
        #expect(coalescer.decision(at: at(90)) == .idle)
    }

    @Test func aLongBurstIsWrittenAtTheMaximumDelay() {
        var coalescer = ChangeCoalescer(quietPeriod: .milliseconds(50), maximumDelay: .milliseconds(200))
        coalescer.changed(at: at(0))
        #expect(coalescer.decision(at: at(0)) == .writeNow)
        coalescer.wrote(from: at(0), to: at(0))
        var writes = 0
        for time in stride(from: 20, through: 440, by: 20) {
            if coalescer.decision(at: at(time)) == .writeNow {
                coalescer.wrote(from: at(time), to: at(time))
                writes += 1
            }
            coalescer.changed(at: at(time))
        }
        // Changes every 20 ms never leave 50 ms of quiet; the 200 ms cap writes them at 220 and 420 ms.
        #expect(writes == 2)
    }

    @Test func theMaximumDelayLeavesRoomForAWriteAsLongAsTheLastOne() {
        var coalescer = ChangeCoalescer(quietPeriod: .milliseconds(50), maximumDelay: .seconds(1))
        coalescer.changed(at: at(0))
        coalescer.wrote(from: at(0), to: at(100))
        coalescer.changed(at: at(120))
        coalescer.changed(at: at(150))
        // Changes keep coming every 30 ms: the cap is 120 + 1000 - 100.
        for time in stride(from: 180, through: 1_020, by: 30) { coalescer.changed(at: at(time)) }
        #expect(coalescer.decision(at: at(1_019)) == .waitUntil(at(1_020)))
        #expect(coalescer.decision(at: at(1_020)) == .writeNow)
    }

    @Test func aChangeThatArrivedDuringAWriteIsMergedNotWrittenAtOnce() {
        var coalescer = ChangeCoalescer(quietPeriod: .milliseconds(50), maximumDelay: .seconds(1))
        coalescer.changed(at: at(0))
        coalescer.wrote(from: at(0), to: at(115))
        coalescer.changed(at: at(60))
        #expect(coalescer.decision(at: at(115)) == .waitUntil(at(165)))
    }

    @Test func zeroQuietPeriodTurnsMergingOff() {
        var coalescer = ChangeCoalescer(quietPeriod: .zero, maximumDelay: .seconds(1))
        for time in 0..<5 {
            coalescer.changed(at: at(time))
            #expect(coalescer.decision(at: at(time)) == .writeNow)
            coalescer.wrote(from: at(time), to: at(time))
        }
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
