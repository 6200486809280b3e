public import Logging
import JSONValues
public import NIOCore

/// A typed client for Consul's HTTP API.
///
/// Endpoints are grouped as in Consul's documentation: ``agent``, ``health``, ``catalog``, ``status`` and
/// ``kv``. Reads return a ``ConsulQueryResult`` (content plus `X-Consul-Index` and leader headers) and accept
/// ``BlockingQueryParameters``; ``ConsulWatch`` turns a read into a stream of changes.
///
/// The client speaks HTTP/1.1 itself, on SwiftNIO, on one event-loop thread of its own: each blocking query holds
/// one kept-alive connection (a watch reuses it for its next call), and other calls have a small pool of their
/// own, so that registration and health updates never queue behind, or share the refusals of, many watches.
/// Call ``shutdown()`` before the client is released.
///
/// ```swift
/// let consul = try ConsulClient(configuration: .fromEnvironment(), logger: logger)
/// defer { Task { try await consul.shutdown() } }
/// try await consul.agent.register(.init(name: "web", id: "web-1", port: 8080, check: .ttl(.seconds(10))))
/// try await consul.agent.passCheck("service:web-1")
/// ```
public final class ConsulClient: Sendable {
    /// The settings the client was made with.
    public let configuration: ConsulConfiguration
    /// Where calls, failovers and watch retries are logged (debug for calls, warning for failures). Tokens are
    /// never logged.
    public let logger: Logger
    let transport: ConsulTransport

    /// Creates a client that owns a single-threaded event loop group and its connections.
    ///
    /// - Throws: ``ConsulError`` (``ConsulError/Code/invalidConfiguration``) when a TLS file cannot be loaded.
    public init(configuration: ConsulConfiguration = ConsulConfiguration(), logger: Logger) throws(ConsulError) {
        self.configuration = configuration
        self.logger = logger
        self.transport = try ConsulTransport(configuration: configuration, logger: logger)
    }

    /// The event loop group the client's calls run on. An application can run its other network work (a
    /// control socket, a metrics endpoint) on it too, so that the process needs one event-loop thread;
    /// shut that work down before ``shutdown()``.
    public var eventLoopGroup: any EventLoopGroup { transport.eventLoopGroup }

    /// Closes the client's connections and shuts down its event loop. Calls in flight and calls made afterwards
    /// throw ``ConsulError/Code/clientShutDown``. Safe to call more than once.
    ///
    /// - Throws: errors from shutting down the event loop group.
    public func shutdown() async throws {
        try await self.transport.shutdown()
    }

    /// Changes of Consul's reachability as this client's calls see them: ``ConsulReachability/reachable`` when a
    /// call is answered after none was (or after an outage), ``ConsulReachability/unreachable(_:)`` when calls
    /// fail to connect and none is in flight (a newer error description is a change too).
    ///
    /// Each call makes a new stream for one consumer; the first element is the current state when one is
    /// known. A consumer that falls behind gets the newest state, never a stale one. The stream ends when the
    /// client shuts down.
    public func reachabilityChanges() -> AsyncStream<ConsulReachability> {
        self.transport.reachability.changes()
    }

    /// Opens a connection of the pool for calls that do not block (registration, checks) with a cheap call,
    /// `GET /v1/status/leader`; errors are ignored.
    ///
    /// Blocking queries use a pool of their own. Call this before starting many watches, so that when Consul's
    /// per-client connection limit (`limits.http_max_conns_per_client`) refuses some of them, registration and
    /// health updates already hold a connection.
    public func openConnection() async {
        _ = try? await self.status.leader()
    }

    /// Agent endpoints: registration, checks, maintenance, membership.
    public var agent: AgentEndpoints { AgentEndpoints(client: self) }
    /// Health endpoints: instances with their checks.
    public var health: HealthEndpoints { HealthEndpoints(client: self) }
    /// Catalog endpoints: services, instances, nodes, datacenters.
    public var catalog: CatalogEndpoints { CatalogEndpoints(client: self) }
    /// Status endpoints: leader and peers.
    public var status: StatusEndpoints { StatusEndpoints(client: self) }
    /// Key/value endpoints.
    public var kv: KVEndpoints { KVEndpoints(client: self) }

    /// A watch over any blocking read of this client, logging to the client's logger. Its error backoff ends
    /// early when any call of this client is answered after an outage (see ``reachabilityChanges()``).
    ///
    /// ```swift
    /// let ports = consul.watch(name: "web ports") { blocking in
    ///     try await consul.health.service("web", blocking: blocking).map { $0.map(\.service.port).sorted() }
    /// }
    /// ```
    public func watch<Value: Equatable & Sendable>(
        name: String,
        policy: BlockingQueryPolicy = .default,
        fetch: @escaping ConsulWatch<Value>.Fetch
    ) -> ConsulWatch<Value> {
        ConsulWatch(
            name: name, policy: policy, logger: self.logger, reachability: self.transport.reachability, fetch: fetch)
    }

    // MARK: - Shared plumbing of the endpoint groups

    /// Sends a request and returns the raw reply.
    func send(_ request: ConsulRequest, accepting accepted: Set<Int> = []) async throws -> ConsulResponse {
        try await self.transport.execute(request, accepting: accepted, logger: self.logger)
    }

    /// Sends a read and decodes its JSON.
    func query<T: Decodable & Sendable>(_ request: ConsulRequest, as type: T.Type) async throws
        -> ConsulQueryResult<T>
    {
        let response = try await self.send(request)
        return ConsulQueryResult(value: try response.decode(type, for: request), meta: response.meta)
    }

    /// Sends a write whose reply body does not matter.
    func write(_ request: ConsulRequest) async throws {
        _ = try await self.send(request)
    }

    /// Encodes a request body.
    func encode<T: Encodable>(_ value: T, for endpoint: String) throws(ConsulError) -> [UInt8] {
        do {
            // Foundation's defaults, as before: compact, slashes escaped.
            return try JSONTextEncoder().encode(value)
        } catch {
            throw ConsulError(
                code: .invalidConfiguration,
                endpoint: endpoint,
                detail: "cannot encode the request body",
                underlying: error
            )
        }
    }
}
