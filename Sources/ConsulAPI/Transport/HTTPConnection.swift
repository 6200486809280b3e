import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP/1.1 connection to a Consul address, carrying one call at a time: a TCP socket, TLS for `https`,
/// NIO's HTTP/1.1 encoder and decoder (which read both `Content-Length` and chunked bodies) and an
/// ``HTTPReplyCollector``.
struct HTTPConnection: Sendable {
    let channel: any Channel

    /// Where and how to connect.
    struct Target: Sendable {
        var address: ConsulAddress
        /// The TLS context for `https` addresses.
        var tls: NIOSSLContext?
        /// The name the server certificate is verified against (and sent as SNI): the configured server name, or
        /// the host when it is a name. Without one, NIOSSL verifies the certificate against the peer's IP address.
        var serverHostname: String?
        var connectTimeout: TimeAmount
    }

    /// Connects to `target` on `eventLoop`.
    ///
    /// - Throws: NIO's connection errors (refused, unresolvable, `ChannelError.connectTimeout`).
    static func connect(to target: Target, on eventLoop: any EventLoop) async throws -> HTTPConnection {
        let channel = try await ClientBootstrap(group: eventLoop)
            .connectTimeout(target.connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls = target.tls {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: tls, serverHostname: target.serverHostname))
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(HTTPReplyCollector())
                }
            }
            .connect(host: target.address.host, port: target.address.port)
            .get()
        return HTTPConnection(channel: channel)
    }

    /// Sends one request and waits for the whole reply, until `deadline`. Cancelling the calling task closes the
    /// connection, which ends the call at once.
    ///
    /// - Throws: ``HTTPTransportError``, or the error the connection met (a reset, a TLS failure).
    func exchange(
        _ head: HTTPRequestHead, body: [UInt8]?, deadline: NIODeadline, maximumBytes: Int
    ) async throws -> HTTPReply {
        let channel = self.channel
        let reply = channel.eventLoop.flatSubmit { () -> EventLoopFuture<HTTPReply> in
            let promise = channel.eventLoop.makePromise(of: HTTPReply.self)
            let collector: HTTPReplyCollector
            do {
                collector = try channel.pipeline.syncOperations.handler(type: HTTPReplyCollector.self)
            } catch {
                // The pipeline is gone: the connection closed while idle.
                promise.fail(HTTPTransportError.closedBeforeReply)
                return promise.futureResult
            }
            collector.expect(promise, limit: maximumBytes)
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            if let body {
                channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
            }
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
            let boundCollector = NIOLoopBound(collector, eventLoop: channel.eventLoop)
            let timeout = channel.eventLoop.scheduleTask(deadline: deadline) {
                boundCollector.value.abandon(with: HTTPTransportError.deadlineExceeded)
            }
            promise.futureResult.whenComplete { _ in timeout.cancel() }
            return promise.futureResult
        }
        return try await withTaskCancellationHandler {
            try await reply.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    /// Whether the connection can carry another call.
    var isActive: Bool { self.channel.isActive }

    /// Closes the connection; errors (already closed) are of no interest.
    func close() {
        self.channel.close(promise: nil)
    }
}
