import ConsulAPI
import GoTemplate

/// Registry answers as template values, with consul-template's field names (`.Address`, `.Port`, `.Tags`, ...).
enum RegistryValues {
    /// The instances that pass `filter`, ordered as consul-template orders them (by node, then service ID).
    static func services(_ entries: [HealthServiceEntry], filter: ServiceFilter) -> [TemplateValue] {
        entries
            .filter { entry in
                switch filter {
                case .any: true
                case .passing: entry.aggregatedStatus == .passing
                case .statuses(let statuses): statuses.contains(entry.aggregatedStatus.rawValue)
                }
            }
            .sorted { ($0.node.name, $0.service.id) < ($1.node.name, $1.service.id) }
            .map(service)
    }

    /// One instance.
    static func service(_ entry: HealthServiceEntry) -> TemplateValue {
        .map([
            "Node": .string(entry.node.name),
            "NodeID": .string(entry.node.id),
            "NodeAddress": .string(entry.node.address),
            "NodeDatacenter": .string(entry.node.datacenter),
            "NodeTaggedAddresses": TemplateValue(strings: entry.node.taggedAddresses),
            "NodeMeta": TemplateValue(strings: entry.node.meta),
            "ServiceMeta": TemplateValue(strings: entry.service.meta),
            "Address": .string(entry.instanceAddress),
            "ID": .string(entry.service.id),
            "Name": .string(entry.service.name),
            "Port": .integer(entry.service.port),
            "Tags": .array(entry.service.tags.map(TemplateValue.string)),
            "Status": .string(entry.aggregatedStatus.rawValue),
        ])
    }

    /// The catalog's services, sorted by name, each with `.Name` and `.Tags`.
    static func catalogServices(_ services: [String: [String]]) -> [TemplateValue] {
        services.keys.sorted().map { name in
            .map(["Name": .string(name), "Tags": .array((services[name] ?? []).sorted().map(TemplateValue.string))])
        }
    }
}
