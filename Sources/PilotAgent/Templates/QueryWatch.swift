import ConsulAPI
import ConsulTemplate
import Logging

/// Keeps one template query's answer up to date with a Consul blocking query. (Interim: services and keys; the
/// full set comes with the query watches' own change.)
struct QueryWatch: Sendable {
    let query: TemplateQuery
    let client: ConsulClient
    let filePollInterval: Duration
    let logger: Logger
    /// The shared queries of services' passing instances (the dependencies' and watches' too).
    let serviceWatches: ServiceWatchHub?

    init(
        query: TemplateQuery, client: ConsulClient, serviceWatches: ServiceWatchHub? = nil,
        filePollInterval: Duration = .seconds(1), logger: Logger
    ) {
        self.query = query
        self.client = client
        self.serviceWatches = serviceWatches
        self.filePollInterval = filePollInterval
        self.logger = logger
    }

    /// Delivers the first answer, then each change, until cancelled; keeps the last answer on errors.
    func run(deliver: @escaping @Sendable (QueryAnswer) -> Void) async {
        switch query {
        case .service(let name, let tag, let datacenter, .passing) where serviceWatches != nil:
            // The same query as a dependency's or a watch's: one long poll for all of them.
            for await entries in serviceWatches!.subscribe(.init(service: name, tag: tag, datacenter: datacenter)) {
                deliver(.services(entries))
            }
        case .service(let name, let tag, let datacenter, let filter):
            var options = HealthServiceQuery(passingOnly: filter == .passing)
            options.tag = tag
            options.options.datacenter = datacenter
            do {
                for try await entries in client.health.watchService(name, query: options) {
                    deliver(.services(entries))
                }
            } catch {}
        default:
            return
        }
    }
}
