import Logging
import Synchronization

/// The shell around ``ReachabilityState`` that one ``ConsulTransport`` owns: it hears every call's start and end,
/// publishes changes to subscribers, wakes watches waiting in backoff when Consul answers again, probes Consul
/// while they wait, and logs Consul's per-client connection limit once.
final class ReachabilityMonitor: Sendable {
    /// How a backoff wait ended.
    enum BackoffEnd: Sendable, Equatable {
        /// The backoff elapsed.
        case elapsed
        /// Consul answered again (a call succeeded after an outage): the watch should retry soon.
        case consulAnswered
        /// The waiting task was cancelled, or the client shut down.
        case cancelled
    }

    /// Everything the lock guards: the decisions, the suspended backoff waits, the subscribers.
    private struct Inner {
        var state = ReachabilityState()
        var waiters: [UInt64: CheckedContinuation<Bool, Never>] = [:]
        var cancelledWaiters: Set<UInt64> = []
        var subscribers: [UInt64: AsyncStream<ConsulReachability>.Continuation] = [:]
        var nextID: UInt64 = 0
        var isShutDown = false
    }

    private let inner = Mutex(Inner())
    private let probe: Mutex<(@Sendable () async -> Void)?> = Mutex(nil)
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// Sets the call that probes Consul (`GET /v1/status/leader`), once the transport exists.
    func setProbe(_ probe: @escaping @Sendable () async -> Void) {
        self.probe.withLock { $0 = probe }
    }

    /// Records a call's start.
    func callStarted() {
        self.inner.withLock { $0.state.callStarted() }
    }

    /// Records a call's end and acts on the decision.
    func callEnded(_ end: ReachabilityState.CallEnd) {
        let (outcome, woken) = self.inner.withLock { inner in
            let outcome = inner.state.callEnded(end, at: .now)
            var woken: [CheckedContinuation<Bool, Never>] = []
            if outcome.wakeWaiters {
                woken = Array(inner.waiters.values)
                inner.waiters.removeAll()
                inner.state.allWatchesWoken()
            }
            // Yielded under the lock, so that subscribers see changes in the order they were decided.
            if let state = outcome.publish {
                for subscriber in inner.subscribers.values { subscriber.yield(state) }
            }
            return (outcome, woken)
        }
        for waiter in woken { waiter.resume(returning: true) }
        if let evidence = outcome.connectionLimit {
            self.logger.error(
                """
                Consul closes new connections while \(evidence.callsInFlight) stay open: this looks like its \
                per-client connection limit (limits.http_max_conns_per_client, 200 by default). pilot needs at \
                least \(evidence.connectionsNeeded) connections to this Consul (one per watched dependency, plus \
                its registration and checks); raise the limit in Consul's configuration
                """,
                metadata: [
                    "consul.calls_in_flight": "\(evidence.callsInFlight)",
                    "consul.watches_waiting": "\(evidence.watchesWaiting)",
                    "consul.connections_needed": "\(evidence.connectionsNeeded)",
                ])
        }
    }

    /// Waits out a watch's backoff, ending early when Consul answers again after an outage.
    func backoff(for delay: Duration) async -> BackoffEnd {
        await withTaskGroup(of: BackoffEnd.self) { group in
            group.addTask {
                do {
                    try await Task.sleep(for: delay)
                    return .elapsed
                } catch {
                    return .cancelled
                }
            }
            group.addTask {
                await self.waitForConsul() ? .consulAnswered : .cancelled
            }
            let first = await group.next() ?? .cancelled
            group.cancelAll()
            return Task.isCancelled ? .cancelled : first
        }
    }

    /// Suspends until Consul answers again (`true`), or until cancelled or shut down (`false`).
    private func waitForConsul() async -> Bool {
        let id = self.inner.withLock { inner in
            defer { inner.nextID += 1 }
            return inner.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let (resumeNow, startProbe) = self.inner.withLock { inner -> (Bool?, Bool) in
                    if inner.cancelledWaiters.remove(id) != nil || inner.isShutDown { return (false, false) }
                    inner.waiters[id] = continuation
                    return (nil, inner.state.watchStartsWaiting())
                }
                if let resumeNow {
                    continuation.resume(returning: resumeNow)
                    return
                }
                if startProbe {
                    Task { await self.probeLoop() }
                }
            }
        } onCancel: {
            let continuation = self.inner.withLock { inner -> CheckedContinuation<Bool, Never>? in
                guard let continuation = inner.waiters.removeValue(forKey: id) else {
                    inner.cancelledWaiters.insert(id)
                    return nil
                }
                inner.state.watchStopsWaiting()
                return continuation
            }
            continuation?.resume(returning: false)
        }
    }

    /// One probe at most every ``ReachabilityState/probeInterval`` while watches wait and Consul is not back.
    private func probeLoop() async {
        while true {
            let decision = self.inner.withLock { $0.state.nextProbe(at: .now) }
            switch decision {
            case .stop:
                return
            case .wait(let delay):
                try? await Task.sleep(for: delay)
            case .probeNow:
                let probe = self.probe.withLock { $0 }
                await probe?()
            }
        }
    }

    /// A new stream of changes; its first element is the current state when one is known.
    func changes() -> AsyncStream<ConsulReachability> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: ConsulReachability.self, bufferingPolicy: .bufferingNewest(1))
        let id = self.inner.withLock { inner in
            defer { inner.nextID += 1 }
            let id = inner.nextID
            if let current = inner.state.current { continuation.yield(current) }
            if inner.isShutDown {
                continuation.finish()
            } else {
                inner.subscribers[id] = continuation
            }
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.inner.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Ends every stream and backoff wait: the client is shut down.
    func shutdown() {
        let (waiters, subscribers) = self.inner.withLock { inner in
            inner.isShutDown = true
            defer {
                inner.waiters.removeAll()
                inner.subscribers.removeAll()
                inner.state.allWatchesWoken()
            }
            return (Array(inner.waiters.values), Array(inner.subscribers.values))
        }
        for waiter in waiters { waiter.resume(returning: false) }
        for subscriber in subscribers { subscriber.finish() }
    }
}
