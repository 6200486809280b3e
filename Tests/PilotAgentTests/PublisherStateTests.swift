import Testing

@testable import PilotAgent

@Suite struct PublisherStateTests {
    let start = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }

    func publisher(startupDeadline: Duration = .seconds(10)) -> PublisherState {
        PublisherState(startedAt: at(0), timing: .init(startupDeadline: startupDeadline))
    }

    @Test func firstWriteWaitsForEveryDependencyThenGoesAtOnce() {
        var state = publisher()
        state.changed(at: at(5))
        #expect(state.decision(at: at(5)) == .waitUntil(at(10_000)))
        state.everyDependencyAnswered = true
        #expect(state.decision(at: at(6)) == .write(.everyDependencyAnswered))
    }

    @Test func firstWriteGoesAtTheStartupDeadlineWithWhatIsKnown() {
        var state = publisher(startupDeadline: .seconds(2))
        state.changed(at: at(5))
        #expect(state.decision(at: at(1_999)) == .waitUntil(at(2_000)))
        #expect(state.decision(at: at(2_000)) == .write(.startupDeadline))
    }

    @Test func aBurstInTheStartupWindowIsWrittenWithinTheMaximumDelay() {
        // Defect 9: the second change of a burst in the first 10 s waited for the start-up deadline.
        var state = publisher()
        state.everyDependencyAnswered = true
        state.wrote(from: at(200), to: at(201))
        state.changed(at: at(1_000))
        #expect(state.decision(at: at(1_000)) == .write(.changed))
        state.wrote(from: at(1_000), to: at(1_001))
        state.changed(at: at(1_010))
        guard case .waitUntil(let wake) = state.decision(at: at(1_010)) else {
            Issue.record("expected a wait")
            return
        }
        #expect(wake <= at(1_010) + .seconds(1))
        #expect(wake == at(1_060))
        #expect(state.decision(at: wake) == .write(.changed))
    }

    @Test func quietPeriodIsMeasuredFromTheEndOfTheLastWrite() {
        var state = publisher()
        state.everyDependencyAnswered = true
        state.wrote(from: at(0), to: at(1))
        state.changed(at: at(1_000))
        #expect(state.decision(at: at(1_000)) == .write(.changed))
        // A slow write (115 ms); a change arrived during it, and is seen once it ends.
        state.wrote(from: at(1_000), to: at(1_115))
        state.changed(at: at(1_050))
        #expect(state.decision(at: at(1_115)) == .waitUntil(at(1_165)))
    }

    @Test func maximumDelayHoldsUnderChangesFasterThanWrites() {
        // 50 changes a second, each write taking 115 ms: every change is in the file within the maximum
        // delay of its arrival, with about one write a second.
        var state = publisher()
        state.everyDependencyAnswered = true
        state.wrote(from: at(0), to: at(1))
        var now = 1_000
        var nextChange = 1_000
        var unwritten: [Int] = []
        var worst = 0
        var writes = 0
        while now < 11_000 {
            while nextChange <= now {
                state.changed(at: at(nextChange))
                unwritten.append(nextChange)
                nextChange += 20
            }
            switch state.decision(at: at(now)) {
            case .write:
                let end = now + 115
                state.wrote(from: at(now), to: at(end))
                worst = max(worst, unwritten.map { end - $0 }.max() ?? 0)
                unwritten = []
                writes += 1
                now = end
            case .waitUntil(let wake):
                now = min(nextChange, max(now + 1, Int((wake - start) / .milliseconds(1))))
            case .check:
                state.checked(at: at(now), matches: true)
            case .idle:
                now = nextChange
            }
        }
        #expect(worst <= 1_000, "a change waited \(worst) ms")
        #expect(writes <= 12, "\(writes) writes in 10 s")
    }

    @Test func failedWritesAreRetriedWithBackoffUntilOneSucceeds() {
        var state = publisher()
        state.everyDependencyAnswered = true
        var now = 0
        var delays: [Int] = []
        for _ in 0..<8 {
            #expect(state.decision(at: at(now)) == (now == 0 ? .write(.everyDependencyAnswered) : .write(.retry)))
            _ = state.writeFailed(from: at(now), to: at(now), error: "ENOSPC")
            guard case .waitUntil(let retry) = state.decision(at: at(now)) else {
                Issue.record("expected a retry")
                return
            }
            let delay = Int((retry - at(now)) / .milliseconds(1))
            delays.append(delay)
            now += delay
        }
        #expect(delays == [100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000])
        let recoveredAfter = state.wrote(from: at(now), to: at(now))
        #expect(recoveredAfter == 8)
        #expect(state.decision(at: at(now)) == .waitUntil(at(now + 1_000)))
    }

    @Test func eachDistinctErrorIsReportedOnce() {
        var state = publisher()
        var reported: [Bool] = []
        reported.append(state.writeFailed(from: at(0), to: at(0), error: "EACCES"))
        reported.append(state.writeFailed(from: at(100), to: at(100), error: "EACCES"))
        reported.append(state.writeFailed(from: at(300), to: at(300), error: "ENOSPC"))
        state.wrote(from: at(700), to: at(700))
        reported.append(state.writeFailed(from: at(900), to: at(900), error: "ENOSPC"))
        #expect(reported == [true, false, true, true])
    }

    @Test func jitterShortensTheBackoffAtMostByHalf() {
        var state = publisher()
        _ = state.writeFailed(from: at(0), to: at(0), error: "EIO", jitter: 0.1)
        #expect(state.decision(at: at(0)) == .waitUntil(at(50)))
    }

    @Test func changesDuringFailuresWaitForTheRetry() {
        var state = publisher()
        state.everyDependencyAnswered = true
        _ = state.writeFailed(from: at(0), to: at(0), error: "EIO")
        state.changed(at: at(10))
        #expect(state.decision(at: at(10)) == .waitUntil(at(100)))
        #expect(state.decision(at: at(100)) == .write(.retry))
    }

    @Test func theFileIsCheckedAboutOnceASecondAndRepairedWhenItDiffers() {
        var state = publisher()
        state.everyDependencyAnswered = true
        state.wrote(from: at(0), to: at(2))
        #expect(state.decision(at: at(500)) == .waitUntil(at(1_002)))
        #expect(state.decision(at: at(1_002)) == .check)
        state.checked(at: at(1_002), matches: true)
        #expect(state.decision(at: at(1_003)) == .waitUntil(at(2_002)))
        state.checked(at: at(2_002), matches: false)
        #expect(state.decision(at: at(2_002)) == .write(.repair))
        state.wrote(from: at(2_002), to: at(2_003))
        #expect(state.decision(at: at(2_003)) == .waitUntil(at(3_003)))
    }

    @Test func aNearerMergeDeadlineComesBeforeTheCheck() {
        var state = publisher()
        state.everyDependencyAnswered = true
        state.wrote(from: at(0), to: at(0))
        state.changed(at: at(10))
        #expect(state.decision(at: at(10)) == .waitUntil(at(60)))
    }
}
