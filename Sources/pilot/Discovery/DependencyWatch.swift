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
    let logger: Logger

    func run() async throws {
        let watch = client.health.watchService(consulName, query: HealthServiceQuery(passingOnly: true)) { entries in
            entries.map { ServiceInstance(host: $0.instanceAddress, port: $0.service.port) }.sorted()
        }
        do {
            for try await instances in watch.cancelOnGracefulShutdown() {
                logger.debug("instances", metadata: ["dependency": "\(dependency)", "count": "\(instances.count)"])
                events.yield(.update(dependency: dependency, instances: instances))
            }
        } catch is CancellationError {
            return
        }
    }
}
