import ConsulAPI
import GoTemplate

/// Registry answers as template values, with consul-template's field names (`.Address`, `.Port`, `.Tags`, ...)
/// and its orders, so a template written for consul-template renders the same lines in the same order.
///
/// consul-template hands templates Go structs; these are maps with the same keys. A field name no struct has
/// is therefore not an error here unless `error_on_missing_key` is set (it is always one in Go).
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
            .sorted { goPrecedes([$0.node.name, $0.service.id], [$1.node.name, $1.service.id]) }
            .map(service)
    }

    /// One instance, its tags sorted as consul-template sorts them.
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
            "Tags": tags(entry.service.tags),
            "Status": .string(entry.aggregatedStatus.rawValue),
            "Checks": .array(entry.checks.map(check)),
        ])
    }

    /// One health check, with Consul's field names.
    static func check(_ check: HealthCheck) -> TemplateValue {
        .map([
            "Node": .string(check.node),
            "CheckID": .string(check.checkID),
            "Name": .string(check.name),
            "Status": .string(check.status.rawValue),
            "Notes": .string(check.notes),
            "Output": .string(check.output),
            "ServiceID": .string(check.serviceID),
            "ServiceName": .string(check.serviceName),
            "ServiceTags": .array(check.serviceTags.map(TemplateValue.string)),
            "Type": .string(check.type),
        ])
    }

    /// The catalog's services, sorted by name, each with `.Name` and `.Tags` (sorted).
    static func catalogServices(_ services: [String: [String]]) -> [TemplateValue] {
        services.keys.sorted(by: goPrecedes).map { name in
            .map(["Name": .string(name), "Tags": tags(services[name] ?? [])])
        }
    }

    /// The pairs under `prefix` as consul-template's `KeyPair`s: `.Path` the full key, `.Key` the key after the
    /// prefix and any `/` that follows it, `.Value` the value as text; in the order Consul listed them (by key).
    static func keyPairs(_ pairs: [KVPair], prefix: String) -> [TemplateValue] {
        pairs.sorted { goPrecedes($0.key, $1.key) }.map { pair in
            var relative = Substring(pair.key)
            if relative.hasPrefix(prefix) { relative = relative.dropFirst(prefix.count) }
            while relative.first == "/" { relative.removeFirst() }
            return .map([
                "Path": .string(pair.key),
                "Key": .string(String(relative)),
                "Value": .string(String(decoding: pair.value, as: UTF8.self)),
                "CreateIndex": .integer(Int(truncatingIfNeeded: pair.createIndex)),
                "ModifyIndex": .integer(Int(truncatingIfNeeded: pair.modifyIndex)),
                "LockIndex": .integer(Int(truncatingIfNeeded: pair.lockIndex)),
                "Flags": .integer(Int(truncatingIfNeeded: pair.flags)),
                "Session": .string(pair.session ?? ""),
            ])
        }
    }

    /// `ls`: the direct children of the prefix that hold a value (no `/` in `.Key`, not the prefix itself).
    static func directChildren(_ pairs: [TemplateValue]) -> [TemplateValue] {
        pairs.filter { pair in
            guard let key = pair.field("Key") else { return false }
            return !key.isEmpty && !key.contains("/")
        }
    }

    /// `tree`: every descendant that holds a value (folders, keys ending in `/`, left out).
    static func descendants(_ pairs: [TemplateValue]) -> [TemplateValue] {
        pairs.filter { pair in
            guard let key = pair.field("Key") else { return false }
            return !key.isEmpty && !key.hasSuffix("/")
        }
    }

    /// A catalog node: `.ID`, `.Node`, `.Address`, `.Datacenter`, `.TaggedAddresses`, `.Meta`.
    static func node(_ node: ConsulNode) -> TemplateValue {
        .map([
            "ID": .string(node.id),
            "Node": .string(node.name),
            "Address": .string(node.address),
            "Datacenter": .string(node.datacenter),
            "TaggedAddresses": TemplateValue(strings: node.taggedAddresses),
            "Meta": TemplateValue(strings: node.meta),
        ])
    }

    /// `node`'s answer: `.Node` (nil when there is no such node, as consul-template's empty `CatalogNode`) and
    /// `.Services`, sorted by service name then ID, each with `.ID`, `.Service`, `.Tags`, `.Meta`, `.Port`,
    /// `.Address`, `.EnableTagOverride`.
    static func catalogNode(_ node: ConsulNode?, services: [AgentService]) -> TemplateValue {
        let ordered = services.sorted { goPrecedes([$0.name, $0.id], [$1.name, $1.id]) }
        let listed = ordered.map { service -> TemplateValue in
            .map([
                "ID": .string(service.id),
                "Service": .string(service.name),
                "Tags": tags(service.tags),
                "Meta": TemplateValue(strings: service.meta),
                "Port": .integer(service.port),
                "Address": .string(service.address),
                "EnableTagOverride": .bool(service.enableTagOverride),
            ])
        }
        return .map(["Node": node.map(Self.node) ?? .nil, "Services": .array(listed)])
    }

    /// `nodes`' answer, sorted by node name then address.
    static func nodes(_ nodes: [ConsulNode]) -> [TemplateValue] {
        nodes.sorted { goPrecedes([$0.name, $0.address], [$1.name, $1.address]) }.map(node)
    }

    /// Go's string order (`sort.Strings`, `<`): by UTF-8 bytes. Swift's `<` on `String` compares canonically
    /// equivalent text as equal and could order non-ASCII names differently from consul-template.
    static func goPrecedes(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }

    /// ``goPrecedes(_:_:)`` on the first field that differs.
    static func goPrecedes(_ left: [String], _ right: [String]) -> Bool {
        for (a, b) in zip(left, right) where !a.utf8.elementsEqual(b.utf8) { return goPrecedes(a, b) }
        return left.count < right.count
    }

    private static func tags(_ tags: [String]) -> TemplateValue {
        .array(tags.sorted(by: goPrecedes).map(TemplateValue.string))
    }
}

extension TemplateValue {
    /// The string in field `name` of a map, if it is one.
    func field(_ name: String) -> String? {
        guard case .map(let entries) = self, case .string(let text)? = entries[name] else { return nil }
        return text
    }
}
