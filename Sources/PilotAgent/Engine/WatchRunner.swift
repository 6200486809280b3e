import ConsulAPI
import ContainerPilotConfig
import DiscoveryModel
import Logging

/// The shell around one watch: a ``ServiceWatch`` of the service's passing instances (with the watch's `tag`
/// and `dc`), each answer handed to whoever needs the instances (the `services.json` publisher) and to a
/// ``WatchChange``, whose events are published as `watch.<name>`.
///
/// ContainerPilot polls every `interval`; a blocking query answers as soon as Consul's state changes, so a job
/// waiting on the watch starts within milliseconds of the change. `interval` is accepted and not needed: a
/// failed query does not end the watch, the client's backoff and reachability probe decide when it is repeated.
struct WatchRunner: Sendable {
    /// The watch.
    let engineWatch: EngineWatch
    /// Its definition.
    var watch: WatchConfiguration { engineWatch.configuration }
    /// The shared blocking queries (one per service, whoever watches it).
    let serviceWatches: ServiceWatchHub
    let hub: EventHub<EngineEvent>
    let logger: Logger

    /// Watches until cancelled.
    func run() async {
        let answers = serviceWatches.subscribe(
            .init(service: engineWatch.service, tag: watch.tag, datacenter: watch.datacenter))
        var change = WatchChange()
        var last: [ServiceInstance]?
        // Ends when the task is cancelled (the watch removed, or pilot ends).
        for await entries in answers {
            let instances = ServiceWatch.instances(entries)
            // The shared query answers for every change of the entries; this watch cares about the instances.
            guard instances != last else { continue }
            last = instances
            engineWatch.deliver?(instances)
            for code in change.update(instances.map(\.description)) {
                logger.debug("watch event", metadata: ["watch": "\(watch.name)", "event": "\(code.rawValue)"])
                hub.publish(.event(code, from: watch.eventSource))
            }
        }
    }
}
