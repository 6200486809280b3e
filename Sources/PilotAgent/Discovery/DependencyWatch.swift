import ConsulAPI
import DiscoveryModel
import Logging
import ServiceLifecycle

/// One dependency's blocking-query watch of `/v1/health/service/<name>?passing`, passing each new list
/// of healthy instances to the publisher. The watch yields only when the list changes, waits in Consul
/// (not in a poll loop) between changes, and retries with backoff while Consul is away, leaving the
/// file as it is.
struct DependencyWatch: Service {

    /// The name as in `serviceDependencies.json`.
    let dependency: String
    /// The name in Consul (with `CONSUL_PREFIX`).
    let consulName: String
    let client: ConsulClient
    let events: AsyncStream<PublisherEvent>.Continuation
    /// Opened when the dependency is no longer wanted (a reload removed it); the watch then ends.
    let removal: StartGate
    let logger: Logger

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await watch() }
            group.addTask { await removal.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    private func watch() async throws {
        let watch = ServiceWatch(service: consulName).answers(from: client)
        do {
            for try await instances in watch.cancelOnGracefulShutdown() {
                logger.debug("instances", metadata: ["dependency": "\(dependency)", "count": "\(instances.count)"])
                events.yield(.update(dependency: dependency, instances: instances, receivedAt: .now))
            }
        } catch is CancellationError {
            return
        }
    }
}
