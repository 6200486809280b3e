/// One piece of registry (or file) data a consul-template template asks for. Each distinct query becomes one
/// blocking watch, shared by every template (and dependency) that asks the same.
public enum TemplateQuery: Hashable, Sendable, CustomStringConvertible {
    /// `service "tag.name@dc" ["any"|"passing"|"critical,warning"...]`: the healthy (by default) instances of a
    /// service, from `/v1/health/service/<name>`.
    case service(name: String, tag: String?, datacenter: String?, filter: ServiceFilter)
    /// `services ["@dc"]`: every service in the catalog with its tags, from `/v1/catalog/services`.
    case catalogServices(datacenter: String?)
    /// `key "path@dc"`, `keyOrDefault`, `keyExists`: one key's value, from `/v1/kv/<path>`.
    case key(String, datacenter: String?)
    /// `ls`, `tree`, `safeLs` and `safeTree` of `"prefix@dc"`: the keys under a prefix, from
    /// `/v1/kv/<prefix>?recurse` (the prefix without its leading `/`).
    case keyPrefix(String, datacenter: String?)
    /// `node ["name@dc"]`: one node and its services (the local agent's node without a name), from
    /// `/v1/catalog/node/<name>`.
    case node(String?, datacenter: String?)
    /// `nodes ["@dc"]`: every node in the catalog, from `/v1/catalog/nodes`.
    case nodes(datacenter: String?)
    /// `file "path"`: a local file's contents (watched for changes).
    case file(String)

    /// The query as logs and status show it: `service(prod.web@east any)`, `key(app/port)`, `tree(config)`.
    public var description: String {
        func at(_ datacenter: String?) -> String { datacenter.map { "@\($0)" } ?? "" }
        switch self {
        case .service(let name, let tag, let datacenter, let filter):
            let tagged = tag.map { "\($0)." } ?? ""
            return "service(\(tagged)\(name)\(at(datacenter))\(filter == .passing ? "" : " \(filter)"))"
        case .catalogServices(let datacenter): return "services(\(at(datacenter)))"
        case .key(let path, let datacenter): return "key(\(path)\(at(datacenter)))"
        case .keyPrefix(let path, let datacenter): return "tree(\(path)\(at(datacenter)))"
        case .node(let name, let datacenter): return "node(\(name ?? "")\(at(datacenter)))"
        case .nodes(let datacenter): return "nodes(\(at(datacenter)))"
        case .file(let path): return "file(\(path))"
        }
    }
}

/// Which instances `service` returns, by the status of their checks.
public enum ServiceFilter: Hashable, Sendable, CustomStringConvertible {
    /// Only instances whose checks all pass (consul-template's default; Consul's `?passing`).
    case passing
    /// Every instance, whatever its checks say.
    case any
    /// Instances whose aggregated status is one of these (`passing`, `warning`, `critical`, `maintenance`).
    case statuses(Set<String>)

    /// `passing`, `any`, or the statuses sorted and joined with commas.
    public var description: String {
        switch self {
        case .passing: "passing"
        case .any: "any"
        case .statuses(let statuses): statuses.sorted().joined(separator: ",")
        }
    }
}
