import ConsulAPI
import DiscoveryModel

/// How every watch of a service's passing instances queries Consul and reads the answer, for both front ends
/// and the templates: the blocking query's spacing, and the instances an answer gives. The queries themselves
/// run in ``ServiceWatchHub``, one per service whoever watches it.
enum ServiceWatch {
    /// Repeated queries are at least this far apart, so that a flapping service cannot spin the watch; 5 ms
    /// rather than consul-template's 100 ms, which delayed a change that followed an index bump.
    static let policy = BlockingQueryPolicy(minimumSpacing: .milliseconds(5), spacingDither: .milliseconds(5))

    /// The instances of `entries`, sorted, as `services.json` and the watches' events see them.
    static func instances(_ entries: [HealthServiceEntry]) -> [ServiceInstance] {
        entries.map { ServiceInstance(host: $0.instanceAddress, port: $0.service.port) }.sorted()
    }
}
