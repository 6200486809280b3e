public import ConsulAPI

/// What the registry (or the file system) answered to a ``TemplateQuery``, as the renderer reads it.
public enum QueryAnswer: Hashable, Sendable {
    /// For ``TemplateQuery/service(name:tag:datacenter:filter:)``: the instances as `/v1/health/service` lists
    /// them (the filter is applied by the renderer).
    case services([HealthServiceEntry])
    /// For ``TemplateQuery/catalogServices(datacenter:)``: each service's name and tags.
    case catalogServices([String: [String]])
    /// For ``TemplateQuery/key(_:datacenter:)``: the key, or `nil` when it does not exist (`key` then waits for
    /// it; `keyOrDefault` and `keyExists` do not).
    case key(KVPair?)
    /// For ``TemplateQuery/keyPrefix(_:datacenter:)``: every key under the prefix.
    case keyPairs([KVPair])
    /// For ``TemplateQuery/node(_:datacenter:)``: the node and its services, or `nil` when there is no such node.
    case node(ConsulNode?, services: [AgentService])
    /// For ``TemplateQuery/nodes(datacenter:)``: the nodes.
    case nodes([ConsulNode])
    /// For ``TemplateQuery/file(_:)``: the file's text, or `nil` when it cannot be read (the text then waits).
    case file(String?)
}
