import ConsulAPI
import ConsulTemplate
import Testing

@testable import PilotAgent

/// When templates render and which queries are watched, with no Consul and no clock.
@Suite struct TemplateRenderStateTests {
    let start = ContinuousClock.now
    let api = TemplateQuery.service(name: "api", tag: nil, datacenter: nil, filter: .passing)
    let key = TemplateQuery.key("config/x", datacenter: nil)

    @Test func everyTemplateRendersAtStartAndItsQueriesAreWatched() {
        var state = TemplateRenderState(waits: [(.zero, .zero), (.milliseconds(50), .seconds(1))])
        state.started(at: start)
        #expect(state.due(at: start).templates == [0, 1])
        state.rendered(0, queries: [api], from: start, to: start)
        state.rendered(1, queries: [api, key], from: start, to: start)
        #expect(state.neededQueries == [api, key])
    }

    @Test func aNewAnswerRendersOnlyTheTemplatesThatUseItsQuery() {
        var state = TemplateRenderState(waits: [(.zero, .zero), (.zero, .zero)])
        state.started(at: start)
        state.rendered(0, queries: [api], from: start, to: start)
        state.rendered(1, queries: [key], from: start, to: start)
        let answered = state.answered(key, .key(nil), at: start + .seconds(1))
        #expect(answered)
        #expect(state.due(at: start + .seconds(1)).templates == [1])
    }

    @Test func anAnswerEqualToTheLastChangesNothing() {
        var state = TemplateRenderState(waits: [(.zero, .zero)])
        state.started(at: start)
        state.rendered(0, queries: [api], from: start, to: start)
        let answered = state.answered(api, .services([]), at: start)
        #expect(answered)
        state.rendered(0, queries: [api], from: start, to: start)
        let again = state.answered(api, .services([]), at: start + .seconds(1))
        #expect(!again)
        #expect(state.due(at: start + .seconds(1)).templates.isEmpty)
    }

    @Test func aBurstWaitsForTheQuietPeriodButNotLongerThanTheMaximum() {
        var state = TemplateRenderState(waits: [(.milliseconds(100), .milliseconds(300))])
        state.started(at: start)
        state.rendered(0, queries: [api], from: start, to: start)
        // The first change after a calm period renders at once.
        _ = state.answered(api, .services([]), at: start + .seconds(1))
        #expect(state.due(at: start + .seconds(1)).templates == [0])
        state.rendered(0, queries: [api], from: start + .seconds(1), to: start + .seconds(1))
        // Then changes every 50 ms are merged, and rendered 300 ms after the first of them at the latest.
        var now = start + .seconds(1)
        var rendered: ContinuousClock.Instant?
        for step in 1...10 {
            now = start + .seconds(1) + .milliseconds(50 * step)
            _ = state.answered(api, .catalogServices(["s\(step)": []]), at: now)
            if state.due(at: now).templates == [0] {
                rendered = now
                break
            }
        }
        let first = start + .seconds(1) + .milliseconds(50)
        #expect(rendered.map { $0 - first <= .milliseconds(300) } == true)
        #expect(rendered.map { $0 > first } == true, "merged, not rendered at once")
    }

    @Test func aQueryNoTemplateUsesAnyMoreIsNoLongerWatched() {
        var state = TemplateRenderState(waits: [(.zero, .zero)])
        state.started(at: start)
        state.rendered(0, queries: [api, key], from: start, to: start)
        state.rendered(0, queries: [api], from: start, to: start)
        #expect(state.neededQueries == [api])
    }
}
