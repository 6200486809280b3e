import ConsulAPI
import ConsulTemplate
import Logging

/// Keeps the answer to one ``TemplateQuery`` up to date, for the templates that ask it.
///
/// Registry queries are Consul blocking queries: a change reaches the template within milliseconds, and an idle
/// query costs Consul one parked call per wait (five minutes). A `file` query polls `stat` instead (local files
/// have no index to block on).
///
/// Errors never end the watch and never produce an answer: the last answer stays the template's truth (a
/// registry outage must not empty an nginx upstream), the blocking-query policy's backoff paces the retries
/// (ended early when the client sees Consul answer again), and the log gets one line when the calls start
/// failing and one when Consul answers again, not one per retry. The client's calls feed its reachability,
/// which the agent's status shows. The ACL token is never logged: errors and call descriptions never hold it.
struct QueryWatch: Sendable {
    /// Blocking calls are at least 5 ms apart (plus up to 5 ms of dither), as the dependency watches: enough to
    /// keep a flapping service from spinning the watch, and far below consul-template's 100 ms, which delays a
    /// change that follows an index bump.
    static let policy = ServiceWatch.policy

    /// What is watched.
    let query: TemplateQuery
    /// The client whose blocking queries answer registry queries; its calls feed Consul's reachability.
    let client: ConsulClient
    /// How often a `file` query looks at its file.
    let filePollInterval: Duration
    /// Where failures and recoveries are logged, with the query as `template.query`.
    let logger: Logger
    /// The shared queries of services' passing instances: a `service` query with the default filter is the same
    /// long poll as a dependency's or a ContainerPilot watch's on that service.
    let serviceWatches: ServiceWatchHub?

    /// - Parameters:
    ///   - query: what is watched.
    ///   - client: the client whose blocking queries answer it.
    ///   - serviceWatches: the shared service queries, when the agent has them.
    ///   - filePollInterval: how often a `file` query looks at its file (`stat`, and a read when it changed).
    ///   - logger: where failures and recoveries are logged, each line with the query in its metadata.
    init(
        query: TemplateQuery, client: ConsulClient, serviceWatches: ServiceWatchHub? = nil,
        filePollInterval: Duration = .seconds(1), logger: Logger
    ) {
        self.query = query
        self.client = client
        self.serviceWatches = serviceWatches
        self.filePollInterval = filePollInterval
        var logger = logger
        logger[metadataKey: "template.query"] = "\(query)"
        self.logger = logger
    }

    /// Delivers the first answer as soon as it is known, then each change (never the same answer twice in a
    /// row), until the task is cancelled. On errors it keeps the last answer (delivers nothing), retries with the
    /// blocking-query policy's backoff, and logs once per change of state (no token in logs).
    func run(deliver: @escaping @Sendable (QueryAnswer) -> Void) async {
        if case .service(let name, let tag, let datacenter, .passing) = query, let serviceWatches {
            // Ends when the task is cancelled.
            for await entries in serviceWatches.subscribe(.init(service: name, tag: tag, datacenter: datacenter)) {
                deliver(.services(entries))
            }
            return
        }
        guard let answers = self.registryAnswers() else {
            if case .file(let path) = self.query {
                await self.pollFile(path, deliver: deliver)
            }
            return
        }
        do {
            for try await answer in answers {
                deliver(answer)
            }
        } catch {
            // Only the client shutting down as pilot ends stops the answers (no give-up is configured).
            self.logger.debug("query watch ended", metadata: ["error": "\(error)"])
        }
    }

    /// The blocking watch answering a registry query; `nil` for a `file` query.
    func registryAnswers() -> ConsulWatch<QueryAnswer>? {
        let client = self.client
        let policy = Self.policy
        let watch: ConsulWatch<QueryAnswer>
        switch self.query {
        case .service(let name, let tag, let datacenter, let filter):
            // Consul filters only "passing"; other filters need every instance, which the renderer sorts out.
            let query = HealthServiceQuery(
                passingOnly: filter == .passing, tag: tag, options: ConsulQueryOptions(datacenter: datacenter))
            watch = client.health.watchService(name, query: query, policy: policy) { .services($0) }
        case .catalogServices(let datacenter):
            let options = ConsulQueryOptions(datacenter: datacenter)
            watch = client.watch(name: "catalog services", policy: policy) { blocking in
                try await client.catalog.services(options: options, blocking: blocking).map { .catalogServices($0) }
            }
        case .key(let path, let datacenter):
            let options = ConsulQueryOptions(datacenter: datacenter)
            watch = client.watch(name: "kv \(path)", policy: policy) { blocking in
                // A missing key is Consul's 404 with an index, which the endpoint turns into `nil`.
                try await client.kv.get(path, options: options, blocking: blocking).map { .key($0) }
            }
        case .keyPrefix(let prefix, let datacenter):
            let options = ConsulQueryOptions(datacenter: datacenter)
            watch = client.watch(name: "kv prefix \(prefix)", policy: policy) { blocking in
                try await client.kv.list(prefix: prefix, options: options, blocking: blocking).map { .keyPairs($0) }
            }
        case .node(let name, let datacenter):
            let options = ConsulQueryOptions(datacenter: datacenter)
            let nodeName = QueryWatchNodeName(name)
            watch = client.watch(name: "catalog node \(name ?? "(local agent)")", policy: policy) { blocking in
                let name = try await nodeName.resolve(with: client)
                return try await client.catalog.node(name, options: options, blocking: blocking).map { entry in
                    .node(entry?.node, services: (entry?.services.values).map { $0.sorted { $0.id < $1.id } } ?? [])
                }
            }
        case .nodes(let datacenter):
            let options = ConsulQueryOptions(datacenter: datacenter)
            watch = client.watch(name: "catalog nodes", policy: policy) { blocking in
                try await client.catalog.nodes(options: options, blocking: blocking).map { .nodes($0) }
            }
        case .file:
            return nil
        }
        return watch.logging(to: self.logger, failures: .changesOnly)
    }
}
