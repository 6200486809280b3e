import ConsulAPI
import ContainerPilotConfig
import Logging

/// The shell around one watch: a blocking query on the service's passing instances (with the watch's `tag`
/// and `dc`), each answer handed to a ``WatchChange`` and its events published as `watch.<name>`.
///
/// ContainerPilot polls every `interval`; a blocking query answers as soon as Consul's state changes, so a job
/// waiting on the watch starts within milliseconds of the change. `interval` is accepted and not needed; when
/// Consul fails, the client's backoff and reachability probe decide when the query is repeated.
struct WatchRunner: Sendable {
    /// Repeated queries are at least this far apart, so that a flapping service cannot spin the watch.
    static let policy = BlockingQueryPolicy(minimumSpacing: .milliseconds(5), spacingDither: .milliseconds(5))

    /// The watch's definition.
    let watch: WatchConfiguration
    let client: ConsulClient
    let hub: EventHub<EngineEvent>
    let logger: Logger

    /// Watches until cancelled.
    func run() async {
        var options = ConsulQueryOptions()
        options.datacenter = watch.datacenter
        let query = HealthServiceQuery(passingOnly: true, tag: watch.tag, options: options)
        let answers = client.health.watchService(watch.name, query: query, policy: Self.policy) { entries in
            entries.map { "\($0.service.id) \($0.instanceEndpoint)" }.sorted()
        }
        var change = WatchChange()
        do {
            for try await instances in answers {
                for code in change.update(instances) {
                    logger.debug("watch event", metadata: ["watch": "\(watch.name)", "event": "\(code.rawValue)"])
                    hub.publish(.event(code, from: watch.eventSource))
                }
            }
        } catch is CancellationError {
            return
        } catch {
            logger.error("watch ended: \(error)", metadata: ["watch": "\(watch.name)"])
        }
    }
}
