import ConsulAPI
import DiscoveryModel

/// The one watch of a service in Consul both front ends use: a blocking query on its passing instances
/// (optionally with a tag, in another datacenter), answering with the instances, sorted, each time they change.
///
/// The environment contract's dependencies feed `services.json` from it (``DependencyWatch``); a ContainerPilot
/// configuration's watches turn its answers into events (``WatchRunner``).
struct ServiceWatch: Sendable {
    /// Repeated queries are at least this far apart, so that a flapping service cannot spin the watch; 5 ms
    /// rather than consul-template's 100 ms, which delayed a change that followed an index bump.
    static let policy = BlockingQueryPolicy(minimumSpacing: .milliseconds(5), spacingDither: .milliseconds(5))

    /// The service's name in Consul.
    var service: String
    /// Only instances with this tag.
    var tag: String?
    /// Another datacenter than the agent's.
    var datacenter: String?

    /// The answers: every change of the passing instances, sorted; it throws `CancellationError` when its task
    /// is cancelled.
    func answers(from client: ConsulClient) -> ConsulWatch<[ServiceInstance]> {
        var options = ConsulQueryOptions()
        options.datacenter = datacenter
        return client.health.watchService(
            service, query: HealthServiceQuery(passingOnly: true, tag: tag, options: options), policy: Self.policy
        ) { entries in
            entries.map { ServiceInstance(host: $0.instanceAddress, port: $0.service.port) }.sorted()
        }
    }
}
