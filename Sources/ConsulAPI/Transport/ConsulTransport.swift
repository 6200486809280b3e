import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// Sends ``ConsulRequest``s: picks the address, adds the token header, sets the deadline, fails over on
/// connection errors and turns error statuses into ``ConsulError``s. Every call is reported to the
/// ``ReachabilityMonitor``.
///
/// HTTP/1.1 is spoken by a small client of its own on SwiftNIO (``HTTPConnection``), all on one event-loop thread.
/// Watches (blocking queries) and other calls go through two connection pools per address: a watch holds its
/// connection for minutes, and when Consul refuses more connections (its per-client limit) the registration and
/// health updates must not wait for, or fail with, the watches. The small pool of other calls is opened first
/// (see ``ConsulClient/openConnection()``) and kept alive by the regular check updates.
final class ConsulTransport: Sendable {
    /// Idle connections kept for calls that do not block: registration, checks, status, first reads.
    static let callConnectionsPerHost = 4

    /// One address with its connection pools and what connecting to it takes.
    private struct Lane: Sendable {
        var address: ConsulAddress
        var target: HTTPConnection.Target
        /// The `Host` header: the server name for `https` when one is set, else the address's host.
        var hostHeader: String
        /// For the calls of watches (those with blocking parameters).
        var watchPool: ConnectionPool
        /// For every other call.
        var callPool: ConnectionPool
    }

    /// A logger that drops everything, for the reachability probe, whose failures the monitor reports itself.
    private static let silentLogger = Logger(label: "consul-api.http", factory: { _ in SwiftLogNoOpLogHandler() })

    let configuration: ConsulConfiguration
    private let lanes: [Lane]
    private let group: MultiThreadedEventLoopGroup
    private let rotation: Mutex<AddressRotation>
    private let isShutDown = Mutex(false)
    /// What the calls tell about Consul's reachability.
    let reachability: ReachabilityMonitor

    /// Creates a transport that owns one single-threaded event loop group and its connections.
    init(configuration: ConsulConfiguration, logger: Logger) throws(ConsulError) {
        self.configuration = configuration
        self.reachability = ReachabilityMonitor(logger: logger)
        let tls = try Self.tlsContextIfNeeded(configuration)
        self.rotation = Mutex(AddressRotation(count: configuration.addresses.count))
        // One thread: the agent runs in every container, and Consul traffic is a handful of long polls.
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.lanes = configuration.addresses.map { address in
            let isHTTPS = address.scheme == .https
            let serverName = isHTTPS ? configuration.tls.serverName : nil
            let hostIsAddress = (try? SocketAddress(ipAddress: address.host, port: 0)) != nil
            let host = serverName ?? address.host
            return Lane(
                address: address,
                target: HTTPConnection.Target(
                    address: address,
                    tls: isHTTPS ? tls : nil,
                    serverHostname: serverName ?? (hostIsAddress ? nil : address.host),
                    connectTimeout: configuration.connectTimeout.timeAmount),
                hostHeader: host.contains(":") ? "[\(host)]:\(address.port)" : "\(host):\(address.port)",
                watchPool: ConnectionPool(keepIdle: configuration.maximumConnectionsPerHost),
                callPool: ConnectionPool(keepIdle: Self.callConnectionsPerHost))
        }
        self.installProbe()
    }

    /// The reachability probe: `GET /v1/status/leader`, the cheapest call Consul answers without a token.
    private func installProbe() {
        self.reachability.setProbe { [weak self] in
            _ = try? await self?.execute(ConsulRequest(.get, "/v1/status/leader"), logger: Self.silentLogger)
        }
    }

    /// The event loop calls run on: the transport's own single thread.
    var eventLoopGroup: any EventLoopGroup { self.group }

    /// Closes every connection and shuts down the event loop; calls made afterwards fail with
    /// ``ConsulError/Code/clientShutDown``, and so do calls in flight. Safe to call more than once.
    func shutdown() async throws {
        let first = self.isShutDown.withLock { isShutDown in
            defer { isShutDown = true }
            return !isShutDown
        }
        guard first else { return }
        self.reachability.shutdown()
        for lane in self.lanes {
            await lane.watchPool.shutdown()
            await lane.callPool.shutdown()
        }
        try await self.group.shutdownGracefully()
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
                if self.isShutDown.withLock({ $0 }) {
                    // Shutting down closes the connections of the calls in flight.
                    throw ConsulError(code: .clientShutDown, endpoint: request.endpoint, addressesTried: tried)
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
        let timeout =
            request.blocking?.readTimeout(slack: self.configuration.requestTimeout)
            ?? self.configuration.requestTimeout
        let deadline = NIODeadline.now() + timeout.timeAmount
        // Every call of a watch (its first, non-blocking read too) goes to the watches' pool: were the first
        // read to use the other pool, a watch refused by Consul's connection limit would succeed there, reset
        // its backoff and be refused again a moment later, for ever.
        let pool = request.blocking != nil ? lane.watchPool : lane.callPool
        let head = self.head(for: request, on: lane)
        var reused = pool.takeIdle()
        while true {
            let connection: HTTPConnection
            if let reused {
                connection = reused
            } else {
                connection = try await HTTPConnection.connect(to: lane.target, on: self.group.next())
                guard pool.adopt(connection) else {
                    throw ConsulError(code: .clientShutDown, endpoint: request.endpoint)
                }
                if Task.isCancelled {
                    pool.giveBack(connection, reusable: false)
                    throw CancellationError()
                }
            }
            let reply: HTTPReply
            do {
                reply = try await connection.exchange(
                    head, body: request.body, deadline: deadline,
                    maximumBytes: self.configuration.maximumResponseBytes)
            } catch {
                pool.giveBack(connection, reusable: false)
                // A kept-alive connection Consul closed while it was idle fails before any reply; the call
                // never reached Consul, so it goes once more on a new connection.
                if reused != nil, !Task.isCancelled, !self.isShutDown.withLock({ $0 }),
                    TransportFailure.isStaleConnection(error)
                {
                    reused = nil
                    continue
                }
                throw error
            }
            pool.giveBack(connection, reusable: reply.keepsConnection)
            let headers = reply.head.headers
            let meta = ConsulQueryMeta(
                index: headers.first(name: "X-Consul-Index").flatMap { UInt64($0) } ?? 0,
                knownLeader: headers.first(name: "X-Consul-KnownLeader")?.lowercased() == "true",
                lastContact: .milliseconds(headers.first(name: "X-Consul-LastContact").flatMap { Int64($0) } ?? 0),
                cacheHit: headers.first(name: "X-Cache").map { $0.uppercased() == "HIT" },
                address: lane.address
            )
            return ConsulResponse(status: Int(reply.head.status.code), meta: meta, body: reply.body)
        }
    }

    /// The request head: method, path and query, `Host`, `Accept`, the token, and the body's type and length.
    private func head(for request: ConsulRequest, on lane: Lane) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: lane.hostHeader)
        headers.add(name: "Accept", value: "application/json")
        if let token = self.configuration.token {
            headers.add(name: "X-Consul-Token", value: token.secret)
        }
        if let body = request.body {
            headers.add(name: "Content-Type", value: request.contentType)
            headers.add(name: "Content-Length", value: String(body.count))
        } else if request.method != .get {
            headers.add(name: "Content-Length", value: "0")
        }
        let method: HTTPMethod =
            switch request.method {
            case .get: .GET
            case .put: .PUT
            case .delete: .DELETE
            }
        return HTTPRequestHead(version: .http1_1, method: method, uri: request.pathAndQuery, headers: headers)
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

    private static func tlsContextIfNeeded(_ configuration: ConsulConfiguration) throws(ConsulError)
        -> NIOSSLContext?
    {
        guard configuration.addresses.contains(where: { $0.scheme == .https }) else { return nil }
        let tls = try configuration.tls.makeTLSConfiguration()
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw ConsulError(
                code: .invalidConfiguration,
                detail: "cannot set up TLS with the configured certificates",
                underlying: error
            )
        }
    }
}
