import TestSupport
import ConsulAPI
import Synchronization

/// Consumes a ``ConsulWatch`` in its own task, the way the agent does, and records each value with the instant
/// it arrived, so that tests can measure delivery latency without being the ones pacing the loop.
final class WatchRecorder<Value: Equatable & Sendable>: Sendable {
    struct Delivery: Sendable {
        var value: Value
        var at: ContinuousClock.Instant
    }

    /// What the consuming task writes; separate from the recorder so the task does not keep the recorder alive.
    private final class Storage: Sendable {
        let deliveries = Mutex<[Delivery]>([])
        let finished = Mutex(false)
    }

    private let storage = Storage()
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(_ watch: ConsulWatch<Value>) {
        let storage = self.storage
        let task = Task {
            do {
                for try await value in watch {
                    let now = ContinuousClock.now
                    storage.deliveries.withLock { $0.append(Delivery(value: value, at: now)) }
                }
            } catch {}
            storage.finished.withLock { $0 = true }
        }
        self.task.withLock { $0 = task }
    }

    /// Everything delivered so far.
    var all: [Delivery] { self.storage.deliveries.withLock { $0 } }

    /// Whether the consuming loop has ended.
    var hasFinished: Bool { self.storage.finished.withLock { $0 } }

    /// Waits (polling, with a deadline) for the first delivery after the first `count` ones.
    func delivery(after count: Int, timeout: Duration = .seconds(20)) async throws -> Delivery {
        try await Polling.until("watch delivery #\(count + 1)", timeout: timeout, interval: .milliseconds(2)) {
            let all = self.all
            return all.count > count ? all[count] : nil
        }
    }

    /// Waits for a delivery (among all so far or to come) that satisfies `predicate`.
    func delivery(
        matching predicate: @escaping @Sendable (Value) -> Bool,
        timeout: Duration = .seconds(20)
    ) async throws -> Delivery {
        try await Polling.until("a matching watch delivery", timeout: timeout, interval: .milliseconds(2)) {
            self.all.first { predicate($0.value) }
        }
    }

    /// Cancels the consuming task and returns when it has ended.
    func cancel() async {
        let task = self.task.withLock { $0 }
        task?.cancel()
        await task?.value
    }

    deinit {
        self.task.withLock { $0?.cancel() }
    }
}

/// The median and the maximum of a list of durations.
func medianAndMaximum(_ durations: [Duration]) -> (median: Duration, maximum: Duration) {
    let sorted = durations.sorted()
    return (sorted[sorted.count / 2], sorted.last ?? .zero)
}

extension Duration {
    /// Milliseconds with a fraction, for printing measurements.
    var milliseconds: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
