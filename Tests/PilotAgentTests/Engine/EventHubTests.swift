import Testing

@testable import PilotAgent

@Suite struct EventHubTests {
    @Test(.timeLimit(.minutes(1)))
    func aSubscriberThatNeverReadsStallsNeitherThePublisherNorOthers() async {
        let hub = EventHub<Int>()
        let idle = hub.subscribe()
        let reader = hub.subscribe()
        let count = 10_000
        let received = Task {
            var got: [Int] = []
            for await value in reader { got.append(value) }
            return got
        }
        // Returns while the idle subscriber has read nothing: publishing waits for no one.
        for value in 0..<count { hub.publish(value) }
        hub.finish()
        let read = await received.value
        #expect(read.count == count)
        #expect(read.elementsEqual(0..<count))
        // The idle subscriber's events waited in its own buffer, all of them, in order.
        var backlog: [Int] = []
        for await value in idle { backlog.append(value) }
        #expect(backlog.count == count)
        #expect(backlog.elementsEqual(0..<count))
    }

    @Test func eachSubscriberGetsEventsInPublishOrder() async {
        let hub = EventHub<String>()
        let streams = [hub.subscribe(), hub.subscribe(), hub.subscribe()]
        let sent = (0..<500).map { "event-\($0)" }
        for event in sent { hub.publish(event) }
        hub.finish()
        for stream in streams {
            var got: [String] = []
            for await event in stream { got.append(event) }
            #expect(got == sent)
        }
    }

    /// Publishers on several tasks at once: every subscriber gets every event, each publisher's in its order.
    @Test(.timeLimit(.minutes(1)))
    func concurrentPublishersLoseNothingAndKeepEachOnesOrder() async {
        let hub = EventHub<(publisher: Int, sequence: Int)>()
        let streams = (0..<3).map { _ in hub.subscribe() }
        let publishers = 4
        let perPublisher = 2_000
        await withTaskGroup(of: Void.self) { group in
            for publisher in 0..<publishers {
                group.addTask {
                    for sequence in 0..<perPublisher { hub.publish((publisher, sequence)) }
                }
            }
        }
        hub.finish()
        for stream in streams {
            var next = Array(repeating: 0, count: publishers)
            var inOrder = true
            for await event in stream {
                inOrder = inOrder && event.sequence == next[event.publisher]
                next[event.publisher] += 1
            }
            #expect(inOrder)
            #expect(next == Array(repeating: perPublisher, count: publishers))
        }
    }

    @Test func aLateSubscriberSeesOnlyLaterEvents() async {
        let hub = EventHub<Int>()
        let early = hub.subscribe()
        hub.publish(1)
        hub.publish(2)
        let late = hub.subscribe()
        hub.publish(3)
        hub.finish()
        var earlyEvents: [Int] = []
        for await event in early { earlyEvents.append(event) }
        var lateEvents: [Int] = []
        for await event in late { lateEvents.append(event) }
        #expect(earlyEvents == [1, 2, 3])
        #expect(lateEvents == [3])
    }

    @Test func cancellingTheReadingTaskUnsubscribes() async throws {
        let hub = EventHub<Int>()
        let stream = hub.subscribe()
        #expect(hub.subscriberCount == 1)
        let reader = Task {
            for await _ in stream {}
        }
        reader.cancel()
        await reader.value
        #expect(hub.subscriberCount == 0)
        // Publishing to nobody is harmless.
        hub.publish(1)
    }

    @Test func aSubscriptionAfterFinishEndsAtOnce() async {
        let hub = EventHub<Int>()
        hub.finish()
        let stream = hub.subscribe()
        hub.publish(1)
        var got: [Int] = []
        for await event in stream { got.append(event) }
        #expect(got.isEmpty)
        #expect(hub.subscriberCount == 0)
    }
}
