import ContainerPilotConfig
import Testing

@testable import PilotAgent

@Suite struct WatchChangeTests {
    @Test func anEmptyFirstAnswerIsNoChange() {
        var change = WatchChange()
        #expect(change.update([]) == [])
    }

    @Test func theFirstInstancesPublishChangedThenHealthy() {
        var change = WatchChange()
        #expect(change.update(["db1 10.0.0.1:5432"]) == [.changed, .healthy])
    }

    @Test func theSameInstancesInAnotherOrderAreNoChange() {
        var change = WatchChange()
        _ = change.update(["b 10.0.0.2:1", "a 10.0.0.1:1"])
        #expect(change.update(["a 10.0.0.1:1", "b 10.0.0.2:1"]) == [])
    }

    @Test func everyChangeWithInstancesLeftIsHealthy() {
        var change = WatchChange()
        _ = change.update(["a 10.0.0.1:1"])
        #expect(change.update(["a 10.0.0.1:1", "b 10.0.0.2:1"]) == [.changed, .healthy])
        #expect(change.update(["b 10.0.0.2:1"]) == [.changed, .healthy])
    }

    @Test func theLastInstanceGoingPublishesChangedThenUnhealthy() {
        var change = WatchChange()
        _ = change.update(["a 10.0.0.1:1"])
        #expect(change.update([]) == [.changed, .unhealthy])
        #expect(change.update([]) == [])
    }
}
