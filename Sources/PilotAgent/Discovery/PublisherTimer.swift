import Synchronization

/// The publisher's one wake-up: a single sleeping task, re-armed to whatever instant the publisher must wake
/// next. Arming again replaces the sleeping task, so a far deadline (the start-up deadline) never stands in
/// front of a nearer one, as a queue of deadlines served in order did (issue 11, defect 9).
///
/// A wake-up that races with a re-arm may still arrive; the publisher decides from the time, so a stale one is
/// harmless.
final class PublisherTimer: Sendable {
    private struct Armed {
        var deadline: ContinuousClock.Instant
        var generation: Int
        var task: Task<Void, Never>
    }

    private let armed = Mutex<Armed?>(nil)
    private let generation = Atomic(0)
    private let events: AsyncStream<PublisherEvent>.Continuation

    /// A timer that yields `.timer` into `events` when it fires.
    init(events: AsyncStream<PublisherEvent>.Continuation) {
        self.events = events
    }

    /// Wakes the publisher at `deadline`, instead of at any instant set before.
    func arm(_ deadline: ContinuousClock.Instant) {
        armed.withLock { armed in
            if let current = armed, current.deadline == deadline { return }
            armed?.task.cancel()
            let generation = self.generation.wrappingAdd(1, ordering: .relaxed).newValue
            let task = Task { [events, weak self] in
                do {
                    try await Task.sleep(until: deadline, clock: .continuous)
                } catch {
                    return
                }
                self?.fired(generation: generation)
                events.yield(.timer)
            }
            armed = Armed(deadline: deadline, generation: generation, task: task)
        }
    }

    /// No wake-up until armed again.
    func disarm() {
        armed.withLock { armed in
            armed?.task.cancel()
            armed = nil
        }
    }

    private func fired(generation: Int) {
        armed.withLock { armed in
            if armed?.generation == generation { armed = nil }
        }
    }
}
