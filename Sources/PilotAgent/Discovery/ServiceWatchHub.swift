import ConsulAPI
import Logging
import Synchronization

/// One blocking query per watched service, shared by everyone who watches it: the environment contract's
/// dependencies, a ContainerPilot configuration's watches and the templates' `service` calls (with the default
/// `passing` filter) make one long poll to Consul together, not one each.
///
/// The first subscriber starts the query; a later one is given the newest answer at once; when the last
/// subscriber's stream ends, the query is cancelled. A failing query keeps its last answer (it delivers
/// nothing until Consul answers again).
final class ServiceWatchHub: Sendable {
    /// What is watched: a service's passing instances, with a tag, in a datacenter.
    struct Query: Hashable, Sendable {
        var service: String
        var tag: String?
        var datacenter: String?
    }

    private struct Shared {
        var task: Task<Void, Never>?
        var latest: [HealthServiceEntry]?
        var subscribers: [Int: AsyncStream<[HealthServiceEntry]>.Continuation] = [:]
    }

    private struct State {
        var queries: [Query: Shared] = [:]
        var nextID = 0
    }

    private let client: ConsulClient
    private let logger: Logger?
    private let patience: Duration
    private let state = Mutex(State())

    /// A hub whose queries log each failure (with its retry delay) to `logger`, or to the client's logger
    /// without one; with `patience`, failures before Consul first answers are the agent pilot started still
    /// starting, and not logged.
    init(client: ConsulClient, logger: Logger? = nil, patience: Duration = .zero) {
        self.client = client
        self.logger = logger
        self.patience = patience
    }

    /// Every answer to `query` from now on (the newest one first, if there is one), until the stream's consumer
    /// stops iterating or is cancelled.
    func subscribe(_ query: Query) -> AsyncStream<[HealthServiceEntry]> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: [HealthServiceEntry].self, bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state -> Int in
            state.nextID += 1
            let id = state.nextID
            var shared = state.queries[query] ?? Shared()
            shared.subscribers[id] = continuation
            if let latest = shared.latest { continuation.yield(latest) }
            if shared.task == nil { shared.task = start(query) }
            state.queries[query] = shared
            return id
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id, from: query) }
        return stream
    }

    private func start(_ query: Query) -> Task<Void, Never> {
        var options = ConsulQueryOptions()
        options.datacenter = query.datacenter
        var watch = client.health.watchService(
            query.service, query: HealthServiceQuery(passingOnly: true, tag: query.tag, options: options),
            policy: ServiceWatch.policy)
        if let logger {
            watch = watch.logging(to: logger, failures: .everyFailure, patience: patience)
        }
        return Task { [weak self] in
            do {
                for try await entries in watch { self?.publish(entries, for: query) }
            } catch {
                // Only cancellation (the last subscriber left, or pilot ends) ends a watch.
            }
        }
    }

    private func publish(_ entries: [HealthServiceEntry], for query: Query) {
        let subscribers = state.withLock { state -> [AsyncStream<[HealthServiceEntry]>.Continuation] in
            state.queries[query]?.latest = entries
            return state.queries[query].map { Array($0.subscribers.values) } ?? []
        }
        for subscriber in subscribers { subscriber.yield(entries) }
    }

    private func unsubscribe(_ id: Int, from query: Query) {
        let task = state.withLock { state -> Task<Void, Never>? in
            guard var shared = state.queries[query] else { return nil }
            shared.subscribers[id] = nil
            guard shared.subscribers.isEmpty else {
                state.queries[query] = shared
                return nil
            }
            state.queries[query] = nil
            return shared.task
        }
        task?.cancel()
    }
}
