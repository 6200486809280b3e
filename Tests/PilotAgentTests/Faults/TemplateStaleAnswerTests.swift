import ConsulAPI
import ConsulTemplate
import Testing

@testable import PilotAgent

/// The pure side of a defect a review found: an answer outlives the watch that kept it, so it is rendered as if current
/// when a template asks the query again, and the answers of every query ever asked accumulate.
@Suite struct TemplateStaleAnswerTests {
    let start = ContinuousClock.now
    let key = TemplateQuery.key("v", datacenter: nil)

    @Test func aQueryNoLongerNeededForgetsItsAnswer() {
        var state = TemplateRenderState(waits: [(.zero, .zero)])
        state.started(at: start)
        state.rendered(0, queries: [key], from: start, to: start)
        _ = state.answered(key, .key(nil), at: start)
        // The template no longer asks for the key: its watch is cancelled ...
        state.rendered(0, queries: [], from: start, to: start)
        state.passEnded()
        #expect(!state.neededQueries.contains(key))
        // ... but its answer stays, and a later pass that asks again reads it as current (no `missing`).
        #expect(state.answers[key] == nil, "the answer of an unwatched query is kept: \(state.answers)")
    }
}
