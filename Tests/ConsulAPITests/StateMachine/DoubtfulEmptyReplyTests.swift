import Testing

@testable import ConsulAPI

/// Issue 15: around a leader's death an api's `services.json` once read `{"db": []}` while db was healthy. An
/// empty answer that would replace content is taken only once a reply confirms it: a server that knows no
/// leader, or whose index went backwards, is not believed on its own.
@Suite struct DoubtfulEmptyReplyTests {
    typealias State = BlockingQueryState<[String]>
    let policy = BlockingQueryPolicy(minimumSpacing: .zero, spacingDither: .zero)

    func reply(
        _ state: inout State, index: UInt64, _ value: [String], knownLeader: Bool = true
    ) -> State.ReplyOutcome {
        var generator = SystemRandomNumberGenerator()
        let call = state.nextCall(at: .now, using: &generator)
        state.callStarted(with: call.parameters, at: .now)
        return state.receivedReply(index: index, value: value, knownLeader: knownLeader, isEmpty: value.isEmpty)
    }

    @Test func anEmptyAnswerWithoutAKnownLeaderWaitsForAnAnswerWithOne() {
        var state = State(policy: policy)
        #expect(reply(&state, index: 10, ["db-a"]).delivery == .deliver(["db-a"]))
        let doubtful = reply(&state, index: 11, [], knownLeader: false)
        #expect(doubtful.delivery == .unchanged)
        #expect(doubtful.doubtfulEmpty)
        // The election is over and the list is still empty: now it is believed.
        #expect(reply(&state, index: 12, []).delivery == .deliver([]))
    }

    @Test func anEmptyAnswerWhoseIndexWentBackwardsWaitsForTheNextAnswer() {
        var state = State(policy: policy)
        _ = reply(&state, index: 50, ["db-a"])
        let behind = reply(&state, index: 40, [])
        #expect(behind.delivery == .unchanged)
        #expect(behind.doubtfulEmpty)
        #expect(state.index == 0, "the next call asks again at once")
        // The next server answers with the instance: nothing changed, nothing is delivered.
        #expect(reply(&state, index: 51, ["db-a"]).delivery == .unchanged)
    }

    @Test func contentWithoutAKnownLeaderAndTheFirstEmptyAnswerAreTaken() {
        var state = State(policy: policy)
        // Nothing known yet: an empty first answer is all there is.
        #expect(reply(&state, index: 5, [], knownLeader: false).delivery == .deliver([]))
        // Content is never doubtful: only turning instances into none is.
        #expect(reply(&state, index: 6, ["db-a"], knownLeader: false).delivery == .deliver(["db-a"]))
    }
}
