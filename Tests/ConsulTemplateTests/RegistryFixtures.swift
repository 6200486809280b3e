import ConsulAPI
import ConsulTemplate
import GoTemplate

/// A small registry built from ConsulAPI values, and helpers that render a template over it: no Consul needed,
/// since rendering is pure.
enum RegistryFixtures {
    /// 2026-11-29T23:56:04Z (a Sunday), the clock `timestamp` reads in these tests.
    static let unixTime = 1_795_996_564

    /// An instance of `service` on `node`, with checks of `status` (passing by default).
    static func entry(
        _ id: String, service: String = "web", node: String, address: String, port: Int, tags: [String] = [],
        meta: [String: String] = [:], serviceAddress: String = "", status: HealthStatus = .passing,
        datacenter: String = "dc1"
    ) -> HealthServiceEntry {
        HealthServiceEntry(
            node: ConsulNode(
                id: "id-\(node)", name: node, address: address, datacenter: datacenter,
                taggedAddresses: ["lan": address], meta: ["rack": "r1"]),
            service: AgentService(
                id: id, name: service, tags: tags, address: serviceAddress, meta: meta, port: port),
            checks: [
                HealthCheck(node: node, checkID: "serfHealth", name: "Serf Health Status", status: .passing),
                HealthCheck(
                    node: node, checkID: "service:\(id)", name: "service check", status: status, serviceID: id,
                    serviceName: service),
            ])
    }

    /// Three instances of `web`: two passing (listed out of order), one critical.
    static let web: [HealthServiceEntry] = [
        entry("web-2", node: "node-b", address: "10.0.0.2", port: 8080, tags: ["prod", "blue"]),
        entry("web-1", node: "node-a", address: "10.0.0.1", port: 8080, tags: ["prod", "green"],
              meta: ["version": "1.2"]),
        entry("web-3", node: "node-c", address: "10.0.0.3", port: 9090, tags: ["canary"], status: .critical),
    ]

    /// A key and its value.
    static func pair(_ key: String, _ value: String) -> KVPair {
        KVPair(key: key, value: Array(value.utf8), flags: 0, createIndex: 5, modifyIndex: 7)
    }

    /// The service query `service "name"` makes.
    static func service(
        _ name: String, tag: String? = nil, datacenter: String? = nil, filter: ServiceFilter = .passing
    ) -> TemplateQuery {
        .service(name: name, tag: tag, datacenter: datacenter, filter: filter)
    }

    /// The outcome of rendering `source` over `answers`, at ``unixTime``.
    static func outcome(
        _ source: String, _ answers: [TemplateQuery: QueryAnswer] = [:], environment: [String: String] = [:],
        options: ConsulTemplateOptions = ConsulTemplateOptions()
    ) throws -> RenderOutcome {
        let template = try RegistryTemplate(name: "test.ctmpl", source: source, options: options)
        return template.render(answers: answers, environment: environment, unixTime: unixTime)
    }

    /// The text of rendering `source` over `answers`; fails the test if a query is missing or rendering fails.
    static func render(
        _ source: String, _ answers: [TemplateQuery: QueryAnswer] = [:], environment: [String: String] = [:],
        options: ConsulTemplateOptions = ConsulTemplateOptions()
    ) throws -> String {
        let result = try outcome(source, answers, environment: environment, options: options)
        if let error = result.error { throw error }
        guard let text = result.text else { throw MissingAnswers(queries: result.missing) }
        return text
    }

    /// The error rendering `source` reports (nil if it renders).
    static func failure(_ source: String, _ answers: [TemplateQuery: QueryAnswer] = [:]) -> TemplateError? {
        do {
            return try outcome(source, answers).error
        } catch let error as TemplateError {
            return error
        } catch {
            return nil
        }
    }
}

/// A render that should have been complete still waited for these queries.
struct MissingAnswers: Error, CustomStringConvertible {
    var queries: Set<TemplateQuery>
    var description: String { "still missing: \(queries.map(\.description).sorted())" }
}
