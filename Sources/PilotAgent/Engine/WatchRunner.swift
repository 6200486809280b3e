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
    let client: ConsulClient
    let hub: EventHub<EngineEvent>
    let logger: Logger

    /// Watches until cancelled.
    func run() async {
        let answers = ServiceWatch(service: engineWatch.service, tag: watch.tag, datacenter: watch.datacenter)
            .answers(from: client)
        var change = WatchChange()
        do {
            for try await instances in answers {
                engineWatch.deliver?(instances)
                for code in change.update(instances.map(\.description)) {
                    logger.debug("watch event", metadata: ["watch": "\(watch.name)", "event": "\(code.rawValue)"])
                    hub.publish(.event(code, from: watch.eventSource))
                }
            }
        } catch {
            // Only cancellation, or the client shut down as pilot ends, ends the answers.
            logger.debug("watch ended: \(error)", metadata: ["watch": "\(watch.name)"])
        }
    }
}
