import Synchronization

/// Delivers every published event to every current subscriber, each through its own unbounded stream.
///
/// ContainerPilot's bus holds one lock while it sends to every subscriber's bounded channel, so a single
/// subscriber that stops reading stalls the publisher and everyone else (its issue #548). Here publishing only
/// copies the subscriber list under the lock and then appends to each subscriber's own buffer: it never waits for
/// a subscriber, and no subscriber code runs while the lock is held. A subscriber that falls behind costs memory
/// for its own backlog, never time for the others.
///
/// Events reach each subscriber in the order one publisher published them. A subscriber sees only events
/// published after ``subscribe()`` returned. Its subscription ends when the task iterating the stream is
/// cancelled or the stream is dropped, and for every subscriber at ``finish()``.
final class EventHub<Event: Sendable>: Sendable {
    /// The subscribers' stream inputs by subscription number, and the next number to hand out.
    private struct Subscribers {
        var continuations: [UInt64: AsyncStream<Event>.Continuation] = [:]
        var nextID: UInt64 = 0
        var finished = false
    }

    private let subscribers = Mutex(Subscribers())

    /// Creates a hub with no subscribers.
    init() {}

    /// The number of live subscriptions, for tests and status.
    var subscriberCount: Int {
        subscribers.withLock { $0.continuations.count }
    }

    /// A stream of every event published from now on; it ends when the hub finishes. Iterate it from one task.
    func subscribe() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .unbounded)
        let id: UInt64? = subscribers.withLock { state in
            guard !state.finished else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.continuations[id] = continuation
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        // Runs on cancellation of the iterating task, on drop of the stream, and on finish(); removing an absent
        // entry is harmless, so the order of those does not matter.
        continuation.onTermination = { [weak self] _ in
            self?.unsubscribe(id)
        }
        return stream
    }

    /// Appends `event` to every subscriber's stream without waiting for any of them.
    func publish(_ event: Event) {
        let targets = subscribers.withLock { Array($0.continuations.values) }
        for continuation in targets {
            continuation.yield(event)
        }
    }

    /// Ends every subscriber's stream after the events already published; later subscriptions end at once.
    func finish() {
        let targets = subscribers.withLock { state in
            state.finished = true
            let targets = Array(state.continuations.values)
            state.continuations.removeAll()
            return targets
        }
        for continuation in targets {
            continuation.finish()
        }
    }

    private func unsubscribe(_ id: UInt64) {
        _ = subscribers.withLock { $0.continuations.removeValue(forKey: id) }
    }
}
