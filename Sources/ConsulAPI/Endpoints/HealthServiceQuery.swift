/// Filters of `/v1/health/service/:name`.
public struct HealthServiceQuery: Sendable, Hashable {
    /// Only instances whose checks all pass (`passing`): the ones to send traffic to.
    public var passingOnly: Bool
    /// Only instances carrying this tag (`tag`).
    public var tag: String?
    /// Datacenter, consistency, cache, `near` and filter options.
    public var options: ConsulQueryOptions

    /// Creates the filters; the defaults list every instance, healthy or not.
    public init(passingOnly: Bool = false, tag: String? = nil, options: ConsulQueryOptions = ConsulQueryOptions()) {
        self.passingOnly = passingOnly
        self.tag = tag
        self.options = options
    }

    var queryItems: [QueryItem] {
        var items = self.options.queryItems
        if self.passingOnly { items.append(QueryItem("passing", "true")) }
        if let tag { items.append(QueryItem("tag", tag)) }
        return items
    }
}
