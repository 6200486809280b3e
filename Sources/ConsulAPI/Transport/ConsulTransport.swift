import AsyncHTTPClient
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import NIOHTTP1

/// Sends ``ConsulRequest``s: picks the address, adds the token header, sets the deadline, fails over on
/// connection errors and turns error statuses into ``ConsulError``s. Every call is reported to the
/// ``ReachabilityMonitor``.
///
/// Watches (blocking queries) and other calls go through two connection pools: a watch holds its connection for
/// minutes, and when Consul refuses more connections (its per-client limit) the registration and health updates must
/// not wait for, or fail with, the watches. The small pool of other calls is opened first (see
/// ``ConsulClient/openConnection()``) and kept alive by the regular check updates.
final class ConsulTransport: Sendable {
    /// Connections of the pool for calls that do not block: registration, checks, status, first reads.
    static let callConnectionsPerHost = 4

    /// One address with the HTTP clients and base URL used to reach it.
    private struct Lane: Sendable {
        var address: ConsulAddress
        /// For the calls of watches (those with blocking parameters).
        var client: HTTPClient
        /// For every other call.
        var callClient: HTTPClient
        /// `scheme://host:port`, where host is ``ConsulTLSSettings/serverName`` for `https` when one is set.
        var baseURL: String
    }

    /// Resources this transport created and must shut down.
    private struct OwnedResources: Sendable {
        var eventLoopGroup: MultiThreadedEventLoopGroup
        var clients: [HTTPClient]
    }

    /// AsyncHTTPClient's own logging is kept out of the caller's logs: the transport logs each call itself, with
    /// the fields it controls (never headers).
    private static let silentLogger = Logger(label: "consul-api.http", factory: { _ in SwiftLogNoOpLogHandler() })

    let configuration: ConsulConfiguration
    private let lanes: [Lane]
    private let owned: OwnedResources?
    private let tlsConfiguration: TLSConfiguration?
    private let rotation: Mutex<AddressRotation>
    private let isShutDown = Mutex(false)
    /// What the calls tell about Consul's reachability.
    let reachability: ReachabilityMonitor

    /// Creates a transport that owns one single-threaded event loop group and its HTTP clients.
    init(configuration: ConsulConfiguration, logger: Logger) throws(ConsulError) {
        self.configuration = configuration
        self.reachability = ReachabilityMonitor(logger: logger)
        let tls = try Self.tlsConfigurationIfNeeded(configuration)
        self.tlsConfiguration = tls
        self.rotation = Mutex(AddressRotation(count: configuration.addresses.count))

        // One thread: the agent runs in every container, and Consul traffic is a handful of long polls.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var clients: [HTTPClient] = []
        func makeClient(dnsOverride: [String: String], connections: Int) -> HTTPClient {
            let client = HTTPClient(
                eventLoopGroup: group,
                configuration: Self.clientConfiguration(
                    configuration, tls: tls, dnsOverride: dnsOverride, connectionsPerHost: connections)
            )
            clients.append(client)
            return client
        }
        var shared: (watches: HTTPClient, calls: HTTPClient)?
        func sharedClients() -> (watches: HTTPClient, calls: HTTPClient) {
            if let shared { return shared }
            let made = (
                watches: makeClient(dnsOverride: [:], connections: configuration.maximumConnectionsPerHost),
                calls: makeClient(dnsOverride: [:], connections: Self.callConnectionsPerHost)
            )
            shared = made
            return made
        }

        var lanes: [Lane] = []
        for address in configuration.addresses {
            if address.scheme == .https, let serverName = configuration.tls.serverName {
                // AsyncHTTPClient verifies the certificate against the URL's host; a DNS override lets the URL
                // carry the server name while the connection goes to the configured host.
                let override = [serverName: address.host]
                lanes.append(Lane(
                    address: address,
                    client: makeClient(dnsOverride: override, connections: configuration.maximumConnectionsPerHost),
                    callClient: makeClient(dnsOverride: override, connections: Self.callConnectionsPerHost),
                    baseURL: Self.baseURL(address, serverName)))
            } else {
                let clients = sharedClients()
                lanes.append(Lane(
                    address: address, client: clients.watches, callClient: clients.calls,
                    baseURL: Self.baseURL(address, nil)))
            }
        }
        self.lanes = lanes
        self.owned = OwnedResources(eventLoopGroup: group, clients: clients)
        self.installProbe()
    }

    /// The reachability probe: `GET /v1/status/leader`, the cheapest call Consul answers without a token.
    private func installProbe() {
        self.reachability.setProbe { [weak self] in
            _ = try? await self?.execute(ConsulRequest(.get, "/v1/status/leader"), logger: Self.silentLogger)
        }
    }

    /// Creates a transport over a caller's HTTP client, which the caller keeps and shuts down.
    ///
    /// With ``ConsulTLSSettings/serverName`` set, `https` URLs carry the server name as host; the caller's
    /// client then needs a matching `dnsOverride`.
    init(configuration: ConsulConfiguration, httpClient: HTTPClient, logger: Logger) throws(ConsulError) {
        self.configuration = configuration
        self.reachability = ReachabilityMonitor(logger: logger)
        self.tlsConfiguration = try Self.tlsConfigurationIfNeeded(configuration)
        self.rotation = Mutex(AddressRotation(count: configuration.addresses.count))
        self.lanes = configuration.addresses.map { address in
            let serverName = address.scheme == .https ? configuration.tls.serverName : nil
            return Lane(
                address: address, client: httpClient, callClient: httpClient,
                baseURL: Self.baseURL(address, serverName))
        }
        self.owned = nil
        self.installProbe()
    }

    /// The event loops calls run on: the transport's own single thread, or the given client's.
    var eventLoopGroup: any EventLoopGroup {
        owned?.eventLoopGroup ?? lanes[0].client.eventLoopGroup
    }

    /// Shuts down what this transport created; calls made afterwards fail with
    /// ``ConsulError/Code/clientShutDown``. Safe to call more than once.
    func shutdown() async throws {
        let first = self.isShutDown.withLock { isShutDown in
            defer { isShutDown = true }
            return !isShutDown
        }
        guard first else { return }
        self.reachability.shutdown()
        guard let owned else { return }
        for client in owned.clients {
            try await client.shutdown()
        }
        try await owned.eventLoopGroup.shutdownGracefully()
    }

    /// Sends a request, failing over to the next address on connection errors.
    ///
    /// - Parameters:
    ///   - accepted: non-2xx statuses the caller handles itself (404 for a missing KV key).
    /// - Returns: the reply, with a 2xx status or one of `accepted`.
    /// - Throws: ``ConsulError`` for error statuses and transport failures (the last address tried is the one the
    ///   error reports, and all tried addresses are listed); `CancellationError` when the task was cancelled.
    func execute(_ request: ConsulRequest, accepting accepted: Set<Int> = [], logger: Logger) async throws
        -> ConsulResponse
    {
        try Task.checkCancellation()
        guard !self.isShutDown.withLock({ $0 }) else {
            throw ConsulError(code: .clientShutDown, endpoint: request.endpoint)
        }
        self.reachability.callStarted()
        do {
            let response = try await self.executeOnLanes(request, accepting: accepted, logger: logger)
            self.reachability.callEnded(.answered(status: response.status))
            return response
        } catch let error as ConsulError {
            if let status = error.httpStatus {
                self.reachability.callEnded(.answered(status: status))
            } else if error.code == .connectionFailed || error.code == .timedOut {
                self.reachability.callEnded(.unreachable(
                    description: error.description,
                    mayBeConnectionLimit: error.underlying.map(TransportFailure.mayBeConnectionLimit) ?? false))
            } else {
                self.reachability.callEnded(.other)
            }
            throw error
        } catch {
            self.reachability.callEnded(.other)
            throw error
        }
    }

    /// ``execute(_:accepting:logger:)`` without the reachability bookkeeping.
    private func executeOnLanes(_ request: ConsulRequest, accepting accepted: Set<Int>, logger: Logger) async throws
        -> ConsulResponse
    {
        let order = self.rotation.withLock { $0.attemptOrder }
        var tried: [ConsulAddress] = []
        var lastError: ConsulError?
        for laneIndex in order {
            let lane = self.lanes[laneIndex]
            tried.append(lane.address)
            let started = ContinuousClock.now
            logger.trace(
                "Consul call starting",
                metadata: ["consul.endpoint": "\(request.endpoint)", "consul.address": "\(lane.address)"]
            )
            let response: ConsulResponse
            do {
                response = try await self.send(request, on: lane)
            } catch {
                if Task.isCancelled || error is CancellationError {
                    throw CancellationError()
                }
                if (error as? HTTPClientError) == .cancelled {
                    // AsyncHTTPClient cancels in-flight calls when it shuts down.
                    if self.isShutDown.withLock({ $0 }) {
                        throw ConsulError(code: .clientShutDown, endpoint: request.endpoint, addressesTried: tried)
                    }
                    throw CancellationError()
                }
                let failure = TransportFailure.classify(error)
                let consulError = ConsulError(
                    code: failure.code,
                    endpoint: request.endpoint,
                    addressesTried: tried,
                    tokenWasSent: self.configuration.token != nil,
                    detail: failure.detail,
                    underlying: error
                )
                lastError = consulError
                ConsulMetrics.recordFailure(route: request.route, code: failure.code)
                guard failure.triesNextAddress, tried.count < order.count else {
                    throw consulError
                }
                logger.warning(
                    "Consul address failed; trying the next one",
                    metadata: [
                        "consul.endpoint": "\(request.endpoint)",
                        "consul.address": "\(lane.address)",
                        "consul.error": "\(failure.detail)",
                    ]
                )
                continue
            }

            self.rotation.withLock { $0.answered(at: laneIndex) }
            ConsulMetrics.recordCall(
                route: request.route, status: response.status, duration: ContinuousClock.now - started,
                blocking: request.blocking?.blocks == true)
            logger.debug(
                "Consul call",
                metadata: [
                    "consul.endpoint": "\(request.endpoint)",
                    "consul.address": "\(lane.address)",
                    "consul.status": "\(response.status)",
                    "consul.index": "\(response.meta.index)",
                    "consul.ms": "\((ContinuousClock.now - started).wholeMilliseconds)",
                ]
            )
            guard (200..<300).contains(response.status) || accepted.contains(response.status) else {
                throw ConsulError(
                    code: Self.code(forStatus: response.status),
                    endpoint: request.endpoint,
                    addressesTried: tried,
                    httpStatus: response.status,
                    consulMessage: String(response.bodyText.prefix(1024)),
                    tokenWasSent: self.configuration.token != nil
                )
            }
            return response
        }
        throw lastError ?? ConsulError(code: .connectionFailed, endpoint: request.endpoint, addressesTried: tried)
    }

    private func send(_ request: ConsulRequest, on lane: Lane) async throws -> ConsulResponse {
        var http = HTTPClientRequest(url: lane.baseURL + request.pathAndQuery)
        switch request.method {
        case .get: http.method = .GET
        case .put: http.method = .PUT
        case .delete: http.method = .DELETE
        }
        http.headers.add(name: "Accept", value: "application/json")
        if let token = self.configuration.token {
            http.headers.add(name: "X-Consul-Token", value: token.secret)
        }
        if let body = request.body {
            http.headers.add(name: "Content-Type", value: request.contentType)
            http.body = .bytes(body)
        }
        if lane.address.scheme == .https {
            http.tlsConfiguration = self.tlsConfiguration
        }
        let timeout =
            request.blocking?.readTimeout(slack: self.configuration.requestTimeout)
            ?? self.configuration.requestTimeout
        // Every call of a watch (its first, non-blocking read too) goes to the watches' pool: were the first
        // read to use the other pool, a watch refused by Consul's connection limit would succeed there, reset
        // its backoff and be refused again a moment later, for ever.
        let client = request.blocking != nil ? lane.client : lane.callClient
        let response = try await client.execute(http, timeout: timeout.timeAmount, logger: Self.silentLogger)
        let body = try await response.body.collect(upTo: self.configuration.maximumResponseBytes)

        let headers = response.headers
        let meta = ConsulQueryMeta(
            index: headers.first(name: "X-Consul-Index").flatMap { UInt64($0) } ?? 0,
            knownLeader: headers.first(name: "X-Consul-KnownLeader")?.lowercased() == "true",
            lastContact: .milliseconds(headers.first(name: "X-Consul-LastContact").flatMap { Int64($0) } ?? 0),
            cacheHit: headers.first(name: "X-Cache").map { $0.uppercased() == "HIT" },
            address: lane.address
        )
        return ConsulResponse(status: Int(response.status.code), meta: meta, body: body)
    }

    private static func code(forStatus status: Int) -> ConsulError.Code {
        switch status {
        case 400: .badRequest
        case 403: .permissionDenied
        case 404: .notFound
        case 429: .rateLimited
        case 500..<600: .serverError
        default: .unexpectedStatus
        }
    }

    private static func baseURL(_ address: ConsulAddress, _ serverName: String?) -> String {
        guard let serverName else { return address.description }
        return "\(address.scheme.rawValue)://\(serverName):\(address.port)"
    }

    private static func tlsConfigurationIfNeeded(_ configuration: ConsulConfiguration) throws(ConsulError)
        -> TLSConfiguration?
    {
        guard configuration.addresses.contains(where: { $0.scheme == .https }) else { return nil }
        return try configuration.tls.makeTLSConfiguration()
    }

    private static func clientConfiguration(
        _ configuration: ConsulConfiguration,
        tls: TLSConfiguration?,
        dnsOverride: [String: String],
        connectionsPerHost: Int
    ) -> HTTPClient.Configuration {
        var pool = HTTPClient.Configuration.ConnectionPool()
        // Failover and backoff are ours: a refused connection must fail at once, not be retried until the
        // connect timeout.
        pool.retryConnectionEstablishment = false
        // Each blocking query holds a connection for up to its wait; many watches must not queue behind each
        // other (Consul's own default limit per client IP is 200).
        pool.concurrentHTTP1ConnectionsPerHostSoftLimit = connectionsPerHost
        var client = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: configuration.connectTimeout.timeAmount),
            connectionPool: pool,
            proxy: nil,
            decompression: .disabled
        )
        client.httpVersion = .http1Only
        client.dnsOverride = dnsOverride
        return client
    }
}
