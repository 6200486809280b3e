import Glibc
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small HTTP/1.1 server on SwiftNIO for the control socket and the metrics port.
///
/// Binding is separate from serving: the agent binds every listener before it starts anything, so a busy
/// port, an over-long socket path or an unwritable directory stops pilot at once with a message naming
/// the setting, instead of failing inside a running service group.
///
/// Shutdown drains: ``drain()`` stops accepting, closes idle connections, and lets each request already
/// being handled get its answer before its connection closes, so no request is dropped silently. A
/// cancelled serving task ends everything at once (the group's last resort).
final class HTTPListener: Sendable {
    /// Handles one request; it must answer, and should answer promptly when its task is cancelled.
    typealias Handler = @Sendable (HTTPRequest) async -> HTTPReply

    private typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    /// Where it listens.
    let endpoint: HTTPEndpoint
    private let channel: NIOAsyncChannel<Connection, Never>
    /// The largest request body read; a larger one is answered 413.
    private let maximumBodyBytes: Int
    private let connections = Mutex(OpenConnections())

    /// The connections being served, for draining.
    private struct OpenConnections {
        var draining = false
        var idle: [ObjectIdentifier: any Channel] = [:]
    }

    private init(endpoint: HTTPEndpoint, channel: NIOAsyncChannel<Connection, Never>, maximumBodyBytes: Int) {
        self.endpoint = endpoint
        self.channel = channel
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// Binds `endpoint` on `eventLoopGroup`. A Unix socket is created with mode 0600 (no window in which
    /// others could connect), then given `mode` and `group`.
    ///
    /// - Throws: ``HTTPListenerError`` naming the endpoint and the system's reason.
    static func bind(
        _ endpoint: HTTPEndpoint, eventLoopGroup: any EventLoopGroup, mode: mode_t = 0o600, group: gid_t? = nil,
        maximumBodyBytes: Int = 65536
    ) async throws(HTTPListenerError) -> HTTPListener {
        let bootstrap = ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        let initializer: @Sendable (any Channel) -> EventLoopFuture<Connection> = { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                return try Connection(wrappingChannelSynchronously: channel)
            }
        }
        do {
            let channel: NIOAsyncChannel<Connection, Never>
            switch endpoint {
            case .unix(let path):
                let previous = umask(0o077)
                defer { umask(previous) }
                channel = try await bootstrap.bind(unixDomainSocketPath: path, childChannelInitializer: initializer)
                if chmod(path, mode) != 0 || (group.map { chown(path, uid_t.max, $0) != 0 } ?? false) {
                    let reason = String(cString: strerror(errno))
                    try? await channel.channel.close()
                    unlink(path)
                    throw HTTPListenerError(endpoint: endpoint, reason: "cannot set its mode or group: \(reason)")
                }
            case .tcp(let host, let port):
                channel = try await bootstrap.bind(host: host, port: port, childChannelInitializer: initializer)
            }
            return HTTPListener(endpoint: endpoint, channel: channel, maximumBodyBytes: maximumBodyBytes)
        } catch let error as HTTPListenerError {
            throw error
        } catch let error as IOError {
            throw HTTPListenerError(endpoint: endpoint, reason: String(cString: strerror(error.errnoCode)))
        } catch {
            throw HTTPListenerError(endpoint: endpoint, reason: "\(error)")
        }
    }

    /// Serves requests with `handler` until the task is cancelled; then closes the listener (and removes a
    /// Unix socket's file).
    func serve(_ handler: @escaping Handler) async {
        defer {
            if case .unix(let path) = endpoint { unlink(path) }
        }
        try? await channel.executeThenClose { connections in
            await withDiscardingTaskGroup { group in
                do {
                    for try await connection in connections {
                        group.addTask {
                            try? await self.handle(connection, handler: handler)
                        }
                    }
                } catch {
                    // The listener closed; the group's connections end with the task's cancellation.
                }
                group.cancelAll()
            }
        }
    }

    /// Stops accepting connections and closes the idle ones; a connection whose request is being handled
    /// closes once its answer is written. ``serve(_:)`` returns when the last one has closed.
    func drain() {
        let idle = connections.withLock { state in
            state.draining = true
            defer { state.idle = [:] }
            return Array(state.idle.values)
        }
        channel.channel.close(promise: nil)
        for connection in idle { connection.close(promise: nil) }
    }

    /// Marks a connection idle (between requests); false when draining, and it should close.
    private func becomeIdle(_ channel: any Channel) -> Bool {
        connections.withLock { state in
            guard !state.draining else { return false }
            state.idle[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    private var isDraining: Bool { connections.withLock { $0.draining } }

    /// Marks a connection busy (a request arrived).
    private func becomeBusy(_ channel: any Channel) {
        _ = connections.withLock { $0.idle.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Closes the listener without serving (start-up failed after it was bound).
    func close() async {
        try? await channel.channel.close()
        if case .unix(let path) = endpoint { unlink(path) }
    }

    private func handle(_ connection: Connection, handler: Handler) async throws {
        let channel = connection.channel
        defer { becomeBusy(channel) }
        guard becomeIdle(channel) else {
            try? await connection.channel.close()
            return
        }
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body: [UInt8] = []
            var tooLarge = false
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    becomeBusy(channel)
                    head = requestHead
                    body = []
                    tooLarge = false
                case .body(var buffer):
                    if body.count + buffer.readableBytes > maximumBodyBytes {
                        tooLarge = true
                    } else {
                        body += buffer.readBytes(length: buffer.readableBytes) ?? []
                    }
                case .end:
                    guard let requestHead = head else { continue }
                    let reply: HTTPReply
                    if tooLarge {
                        reply = .error("the request body is larger than \(maximumBodyBytes) bytes", status: 413)
                    } else {
                        let path = requestHead.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
                        reply = await handler(HTTPRequest(method: requestHead.method.rawValue, path: path, body: body))
                    }
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: reply.contentType)
                    headers.add(name: "Content-Length", value: String(reply.body.count))
                    headers.add(name: "Server", value: "pilot")
                    let keepAlive = requestHead.isKeepAlive && !Task.isCancelled && !isDraining
                    headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
                    let status = HTTPResponseStatus(statusCode: reply.status)
                    try await outbound.write(.head(HTTPResponseHead(version: requestHead.version, status: status, headers: headers)))
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: reply.body))))
                    try await outbound.write(.end(nil))
                    head = nil
                    if !keepAlive || !becomeIdle(channel) { return }
                }
            }
        }
    }
}
