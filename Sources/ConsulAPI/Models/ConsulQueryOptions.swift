/// Options shared by Consul's read endpoints.
public struct ConsulQueryOptions: Sendable, Hashable {
    /// How fresh the answer must be.
    public enum Consistency: String, Sendable, Hashable {
        /// Served by the leader (Consul's default).
        case `default`
        /// Any server may answer, possibly behind the leader (`stale`); scales reads across servers.
        case stale
        /// The leader confirms its leadership first (`consistent`).
        case consistent
    }

    /// The datacenter to query (`dc`); `nil` means the agent's own.
    public var datacenter: String?
    /// The consistency mode.
    public var consistency: Consistency
    /// Whether the agent may answer from its cache (`cached`).
    public var cached: Bool
    /// Sort by round-trip time from this node (`near`); `_agent` means the queried agent.
    public var near: String?
    /// A Consul filter expression (`filter`).
    public var filter: String?

    /// Creates options; the defaults add nothing to the query.
    public init(
        datacenter: String? = nil,
        consistency: Consistency = .default,
        cached: Bool = false,
        near: String? = nil,
        filter: String? = nil
    ) {
        self.datacenter = datacenter
        self.consistency = consistency
        self.cached = cached
        self.near = near
        self.filter = filter
    }

    /// The query items these options add.
    var queryItems: [QueryItem] {
        var items: [QueryItem] = []
        if let datacenter { items.append(QueryItem("dc", datacenter)) }
        switch self.consistency {
        case .default: break
        case .stale: items.append(QueryItem("stale"))
        case .consistent: items.append(QueryItem("consistent"))
        }
        if self.cached { items.append(QueryItem("cached")) }
        if let near { items.append(QueryItem("near", near)) }
        if let filter { items.append(QueryItem("filter", filter)) }
        return items
    }
}
