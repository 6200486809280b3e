import Testing

@testable import ConsulAPI

/// The blocking-query loop's decisions, driven with fake instants and fixed random numbers: no I/O.
@Suite("Blocking query state machine")
struct BlockingQueryStateTests {
    typealias State = BlockingQueryState<[String]>
    let t0 = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant {
        self.t0 + .milliseconds(milliseconds)
    }

    /// Runs one successful call: asks for the next call, starts it at `start`, replies at `start + took`.
    func round(
        _ state: inout State,
        start: Int,
        took: Int = 5,
        index: UInt64,
        value: [String],
        generator: FixedRandomNumberGenerator = .lowest
    ) -> (State.NextCall, State.ReplyOutcome) {
        var generator = generator
        let call = state.nextCall(at: self.at(start), using: &generator)
        state.callStarted(with: call.parameters, at: self.at(start) + call.delay)
        let outcome = state.receivedReply(index: index, value: value)
        return (call, outcome)
    }

    @Test func firstCallDoesNotBlockAndStartsAtOnce() {
        var state = State(policy: .default)
        var generator = FixedRandomNumberGenerator.highest
        let call = state.nextCall(at: self.at(0), using: &generator)
        #expect(call.delay == .zero)
        #expect(call.parameters.index == 0)
        #expect(!call.parameters.blocks)
    }

    @Test func replyIndexBecomesTheNextIndexWithThePolicysWait() {
        var state = State(policy: BlockingQueryPolicy(wait: .seconds(90)))
        _ = self.round(&state, start: 0, index: 42, value: ["a"])
        var generator = FixedRandomNumberGenerator.lowest
        let call = state.nextCall(at: self.at(1000), using: &generator)
        #expect(call.parameters == BlockingQueryParameters(index: 42, wait: .seconds(90)))
        #expect(call.delay == .zero)
    }

    @Test func replyIndexZeroIsTreatedAsOneSoTheNextCallBlocks() {
        var state = State(policy: .default)
        _ = self.round(&state, start: 0, index: 0, value: [])
        #expect(state.index == 1)
        var generator = FixedRandomNumberGenerator.lowest
        #expect(state.nextCall(at: self.at(1000), using: &generator).parameters.blocks)
    }

    @Test func indexThatGoesBackwardsResetsToZeroAndSaysSo() {
        var state = State(policy: .default)
        _ = self.round(&state, start: 0, index: 500, value: ["a"])
        let (_, outcome) = self.round(&state, start: 1000, index: 12, value: ["a"])
        #expect(outcome.indexWentBackwards?.from == 500)
        #expect(outcome.indexWentBackwards?.to == 12)
        #expect(state.index == 0)

        var generator = FixedRandomNumberGenerator.lowest
        let next = state.nextCall(at: self.at(2000), using: &generator)
        #expect(next.parameters.index == 0, "the loop restarts with a call that does not block")

        let (_, after) = self.round(&state, start: 2000, index: 13, value: ["a"])
        #expect(after.indexWentBackwards == nil, "0 → 13 is not backwards")
        #expect(state.index == 13)
    }

    @Test func equalIndexIsNotBackwards() {
        var state = State(policy: .default)
        _ = self.round(&state, start: 0, index: 7, value: ["a"])
        let (_, outcome) = self.round(&state, start: 1000, index: 7, value: ["a"])
        #expect(outcome.indexWentBackwards == nil)
        #expect(state.index == 7)
    }

    @Test func neverSendsIndexZeroTwiceInARowWithoutAPause() {
        // Backoff jitter could make the retry shorter than the initial backoff; the busy-loop guard still waits it.
        var state = State(policy: BlockingQueryPolicy(initialBackoff: .milliseconds(250)))
        var generator = FixedRandomNumberGenerator.lowest
        let first = state.nextCall(at: self.at(0), using: &generator)
        state.callStarted(with: first.parameters, at: self.at(0))
        #expect(
            state.receivedFailure(isConnectionFailure: false, using: &generator) == .retry(after: .milliseconds(125))
        )

        let second = state.nextCall(at: self.at(1), using: &generator)
        #expect(second.parameters.index == 0)
        #expect(second.delay >= .milliseconds(250))
    }

    @Test func callsStartAtLeastTheMinimumSpacingApartPlusDither() {
        var state = State(policy: .default)
        _ = self.round(&state, start: 0, took: 10, index: 5, value: ["a"])

        var low = state
        var lowest = FixedRandomNumberGenerator.lowest
        #expect(low.nextCall(at: self.at(10), using: &lowest).delay == .milliseconds(90))

        var high = state
        var highest = FixedRandomNumberGenerator.highest
        let delay = high.nextCall(at: self.at(10), using: &highest).delay
        #expect(delay > .milliseconds(109) && delay < .milliseconds(110), "90 ms plus nearly all of the 20 ms dither")
    }

    @Test func noSpacingPauseAfterACallThatBlockedLongerThanTheSpacing() {
        var state = State(policy: .default)
        _ = self.round(&state, start: 0, index: 5, value: ["a"])
        var generator = FixedRandomNumberGenerator.highest
        #expect(state.nextCall(at: self.at(30_000), using: &generator).delay == .zero)
    }

    @Test func backoffDoublesFrom250msAndIsCappedAtOneMinute() {
        let state = State(policy: .default)
        let nominal = (1...12).map { state.nominalBackoff(afterFailures: $0) }
        #expect(
            nominal == [
                .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8),
                .seconds(16), .seconds(32), .seconds(60), .seconds(60), .seconds(60), .seconds(60),
            ]
        )
        #expect(state.nominalBackoff(afterFailures: 10_000) == .seconds(60))
    }

    @Test func backoffJitterDrawsFromTheUpperHalf() {
        let state = State(policy: .default)
        var lowest = FixedRandomNumberGenerator.lowest
        var middle = FixedRandomNumberGenerator.middle
        var highest = FixedRandomNumberGenerator.highest
        #expect(state.backoff(afterFailures: 3, using: &lowest) == .milliseconds(500))
        #expect(state.backoff(afterFailures: 3, using: &middle) == .milliseconds(750))
        let top = state.backoff(afterFailures: 3, using: &highest)
        #expect(top > .milliseconds(999) && top < .seconds(1))
    }

    @Test func failuresDelayTheNextCallAndASuccessResetsTheBackoff() {
        var state = State(policy: .default)
        var generator = FixedRandomNumberGenerator.lowest
        _ = self.round(&state, start: 0, index: 9, value: ["a"])

        for failures in 1...3 {
            let call = state.nextCall(at: self.at(10_000 * failures), using: &generator)
            state.callStarted(with: call.parameters, at: self.at(10_000 * failures))
            let decision = state.receivedFailure(isConnectionFailure: false, using: &generator)
            #expect(decision == .retry(after: state.nominalBackoff(afterFailures: failures) / 2))
        }
        #expect(state.consecutiveFailures == 3)
        #expect(state.nextCall(at: self.at(40_000), using: &generator).delay == .seconds(1) / 2)

        _ = self.round(&state, start: 50_000, index: 10, value: ["a"])
        #expect(state.consecutiveFailures == 0)
        #expect(state.nextCall(at: self.at(60_000), using: &generator).delay == .zero)
    }

    @Test func connectionFailureResetsTheIndexWhenThePolicySaysSo() {
        var resetting = State(policy: .default)
        var keeping = State(policy: BlockingQueryPolicy(resetIndexAfterConnectionFailure: false))
        var generator = FixedRandomNumberGenerator.lowest
        _ = self.round(&resetting, start: 0, index: 77, value: ["a"])
        _ = self.round(&keeping, start: 0, index: 77, value: ["a"])

        _ = resetting.receivedFailure(isConnectionFailure: true, using: &generator)
        _ = keeping.receivedFailure(isConnectionFailure: true, using: &generator)
        #expect(resetting.index == 0)
        #expect(keeping.index == 77)

        var statusError = State(policy: .default)
        _ = self.round(&statusError, start: 0, index: 77, value: ["a"])
        _ = statusError.receivedFailure(isConnectionFailure: false, using: &generator)
        #expect(statusError.index == 77, "an error status says nothing about the index")
    }

    @Test func givesUpAfterTheMaximumConsecutiveFailures() {
        var state = State(policy: BlockingQueryPolicy(maximumConsecutiveFailures: 3))
        var generator = FixedRandomNumberGenerator.lowest
        #expect(state.receivedFailure(isConnectionFailure: true, using: &generator) != .giveUp)
        #expect(state.receivedFailure(isConnectionFailure: true, using: &generator) != .giveUp)
        #expect(state.receivedFailure(isConnectionFailure: true, using: &generator) == .giveUp)
    }

    @Test func deliversTheFirstReplyAndThenOnlyContentChanges() {
        var state = State(policy: .default)
        #expect(self.round(&state, start: 0, index: 1, value: []).1.delivery == .deliver([]))
        #expect(
            self.round(&state, start: 1000, index: 2, value: []).1.delivery == .unchanged,
            "index moved, content did not"
        )
        #expect(self.round(&state, start: 2000, index: 3, value: ["a:1"]).1.delivery == .deliver(["a:1"]))
        #expect(self.round(&state, start: 3000, index: 3, value: ["a:1"]).1.delivery == .unchanged, "wait timed out")
        #expect(self.round(&state, start: 4000, index: 9, value: ["a:2"]).1.delivery == .deliver(["a:2"]))
        #expect(
            self.round(&state, start: 5000, index: 4, value: ["a:2"]).1.delivery == .unchanged,
            "a reset is no change"
        )
    }

    @Test func optionalContentDeliversNilOnceAndThenOnlyChanges() {
        var state = BlockingQueryState<Int?>(policy: .default)
        var generator = FixedRandomNumberGenerator.lowest
        func reply(_ index: UInt64, _ value: Int?) -> BlockingQueryState<Int?>.Delivery {
            let call = state.nextCall(at: .now, using: &generator)
            state.callStarted(with: call.parameters, at: .now)
            return state.receivedReply(index: index, value: value).delivery
        }
        #expect(reply(1, nil) == .deliver(nil))
        #expect(reply(2, nil) == .unchanged)
        #expect(reply(3, 5) == .deliver(5))
        #expect(reply(4, nil) == .deliver(nil))
    }

    @Test func waitIsClampedToTenMinutesAndTheReadTimeoutCoversConsulsJitter() {
        #expect(BlockingQueryPolicy(wait: .seconds(3600)).wait == .seconds(600))
        #expect(BlockingQueryParameters(index: 3, wait: .seconds(3600)).wait == .seconds(600))
        #expect(BlockingQueryPolicy.default.wait == .seconds(300))

        let parameters = BlockingQueryParameters(index: 3, wait: .seconds(160))
        let timeout = parameters.readTimeout(slack: .seconds(5))
        #expect(timeout > .seconds(160) * 17 / 16)
        #expect(timeout == .seconds(175))
        #expect(
            BlockingQueryParameters(index: 0).readTimeout(slack: .seconds(5)) == .seconds(5),
            "index 0 does not block"
        )
    }
}

/// How a backoff ends when Consul answers again.
@Suite("Blocking query recovery")
struct BlockingQueryRecoveryTests {
    @Test func consulAnsweringEndsTheBackoffWithJitterBelowTheRecoveryJitter() {
        var state = BlockingQueryState<[String]>(policy: .default)
        var generator = FixedRandomNumberGenerator.highest
        for _ in 0..<8 {
            _ = state.receivedFailure(isConnectionFailure: true, using: &generator)
        }
        #expect(state.isBackingOff)
        var low = FixedRandomNumberGenerator.lowest
        #expect(state.consulAnsweredDuringBackoff(using: &low) == .zero)
        var high = FixedRandomNumberGenerator.highest
        let jitter = state.consulAnsweredDuringBackoff(using: &high)
        #expect(jitter < .milliseconds(500))
        #expect(jitter > .milliseconds(499))
        var middle = FixedRandomNumberGenerator.middle
        #expect(state.consulAnsweredDuringBackoff(using: &middle) == .milliseconds(250))
    }

    @Test func theRestOfTheBackoffIsDropped() {
        var state = BlockingQueryState<[String]>(policy: .default)
        var generator = FixedRandomNumberGenerator.highest
        for _ in 0..<8 {
            _ = state.receivedFailure(isConnectionFailure: true, using: &generator)
        }
        _ = state.consulAnsweredDuringBackoff(using: &generator)
        #expect(state.nextCall(at: .now, using: &generator).delay == .zero)
        // The failures in a row are kept: a further failure backs off longer still.
        #expect(state.consecutiveFailures == 8)
    }

    @Test func noBackoffBeforeAFailure() {
        let state = BlockingQueryState<[String]>(policy: .default)
        #expect(!state.isBackingOff)
    }
}
