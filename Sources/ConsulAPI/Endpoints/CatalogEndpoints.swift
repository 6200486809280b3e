/// The `/v1/catalog/...` endpoints: what is registered, regardless of health.
///
/// Every method throws ``ConsulError`` or `CancellationError`.
public struct CatalogEndpoints: Sendable {
    let client: ConsulClient

    /// Every service name with the union of its instances' tags: `GET /v1/catalog/services`.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func services(
        options: ConsulQueryOptions = ConsulQueryOptions(),
        blocking: BlockingQueryParameters? = nil
    ) async throws -> ConsulQueryResult<[String: [String]]> {
        let request = ConsulRequest(.get, "/v1/catalog/services", query: options.queryItems, blocking: blocking)
        return try await self.client.query(request, as: [String: [String]?].self).map { $0.mapValues { $0 ?? [] } }
    }

    /// The instances of a service, without health: `GET /v1/catalog/service/:name`.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func service(
        _ name: String,
        tag: String? = nil,
        options: ConsulQueryOptions = ConsulQueryOptions(),
        blocking: BlockingQueryParameters? = nil
    ) async throws -> ConsulQueryResult<[CatalogServiceEntry]> {
        var query = options.queryItems
        if let tag { query.append(QueryItem("tag", tag)) }
        let request = ConsulRequest(
            .get,
            "/v1/catalog/service/" + AgentEndpoints.segment(name),
            query: query,
            blocking: blocking
        )
        return try await self.client.query(request, as: [CatalogServiceEntry].self)
    }

    /// The nodes of the datacenter: `GET /v1/catalog/nodes`.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func nodes(
        options: ConsulQueryOptions = ConsulQueryOptions(),
        blocking: BlockingQueryParameters? = nil
    ) async throws -> ConsulQueryResult<[ConsulNode]> {
        let request = ConsulRequest(.get, "/v1/catalog/nodes", query: options.queryItems, blocking: blocking)
        return try await self.client.query(request, as: [ConsulNode].self)
    }

    /// One node and the service instances registered on it: `GET /v1/catalog/node/:name`. A node the catalog
    /// does not hold is `nil` (Consul answers `null`), with the index to block on until it appears.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func node(
        _ name: String,
        options: ConsulQueryOptions = ConsulQueryOptions(),
        blocking: BlockingQueryParameters? = nil
    ) async throws -> ConsulQueryResult<CatalogNode?> {
        let request = ConsulRequest(
            .get,
            "/v1/catalog/node/" + AgentEndpoints.segment(name),
            query: options.queryItems,
            blocking: blocking
        )
        return try await self.client.query(request, as: CatalogNode?.self)
    }

    /// The known datacenters, nearest first: `GET /v1/catalog/datacenters`.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func datacenters() async throws -> [String] {
        try await self.client.query(ConsulRequest(.get, "/v1/catalog/datacenters"), as: [String].self).value
    }

    /// A watch of the service names and their tags.
    public func watchServices(
        options: ConsulQueryOptions = ConsulQueryOptions(),
        policy: BlockingQueryPolicy = .default
    ) -> ConsulWatch<[String: [String]]> {
        let client = self.client
        return client.watch(name: "catalog services", policy: policy) { blocking in
            try await client.catalog.services(options: options, blocking: blocking)
        }
    }

    /// A watch of one node and its service instances, yielding `nil` while the catalog does not hold the node.
    public func watchNode(
        _ name: String,
        options: ConsulQueryOptions = ConsulQueryOptions(),
        policy: BlockingQueryPolicy = .default
    ) -> ConsulWatch<CatalogNode?> {
        let client = self.client
        return client.watch(name: "catalog node \(name)", policy: policy) { blocking in
            try await client.catalog.node(name, options: options, blocking: blocking)
        }
    }

    /// A watch of the datacenter's nodes.
    public func watchNodes(
        options: ConsulQueryOptions = ConsulQueryOptions(),
        policy: BlockingQueryPolicy = .default
    ) -> ConsulWatch<[ConsulNode]> {
        let client = self.client
        return client.watch(name: "catalog nodes", policy: policy) { blocking in
            try await client.catalog.nodes(options: options, blocking: blocking)
        }
    }
}
