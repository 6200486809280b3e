/// The `/v1/health/...` endpoints: service instances together with their health.
///
/// Every method throws ``ConsulError`` or `CancellationError`.
public struct HealthEndpoints: Sendable {
    let client: ConsulClient

    /// The instances of a service with their node and checks: `GET /v1/health/service/:name`.
    ///
    /// - Parameters:
    ///   - blocking: index and wait for a blocking call; `nil` (or index 0) returns at once.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func service(
        _ name: String,
        query: HealthServiceQuery = HealthServiceQuery(),
        blocking: BlockingQueryParameters? = nil
    ) async throws -> ConsulQueryResult<[HealthServiceEntry]> {
        let request = ConsulRequest(
            .get,
            "/v1/health/service/" + AgentEndpoints.segment(name),
            query: query.queryItems,
            blocking: blocking
        )
        return try await self.client.query(request, as: [HealthServiceEntry].self)
    }

    /// A watch of a service's instances, yielding the full entries whenever they change.
    public func watchService(
        _ name: String,
        query: HealthServiceQuery = HealthServiceQuery(),
        policy: BlockingQueryPolicy = .default
    ) -> ConsulWatch<[HealthServiceEntry]> {
        self.watchService(name, query: query, policy: policy) { $0 }
    }

    /// A watch of a service's instances reduced by `project`, yielding only when the projection changes.
    ///
    /// Project to what you act on, so that unrelated changes (a check's output) do not wake you:
    ///
    /// ```swift
    /// consul.health.watchService("db", query: .init(passingOnly: true)) { $0.map(\.instanceEndpoint).sorted() }
    /// ```
    public func watchService<Value: Equatable & Sendable>(
        _ name: String,
        query: HealthServiceQuery = HealthServiceQuery(),
        policy: BlockingQueryPolicy = .default,
        project: @escaping @Sendable ([HealthServiceEntry]) -> Value
    ) -> ConsulWatch<Value> {
        let client = self.client
        return client.watch(name: "health service \(name)", policy: policy) { blocking in
            try await client.health.service(name, query: query, blocking: blocking).map(project)
        }
    }
}
