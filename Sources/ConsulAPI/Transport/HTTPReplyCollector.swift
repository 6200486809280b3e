import NIOCore
import NIOHTTP1

/// The last handler of a connection's pipeline: gathers the one reply in flight into an ``HTTPReply`` and
/// completes the caller's promise with it, or with the first error the connection meets.
///
/// It lives on the connection's event loop, like every access to it. An error or a close seen while no call is in
/// flight is kept, so that the next call on this connection fails with it at once rather than waiting.
final class HTTPReplyCollector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    /// The call in flight: its promise and the largest body it accepts.
    private var pending: (promise: EventLoopPromise<HTTPReply>, limit: Int)?
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()
    /// The first failure of the connection; it is unusable from then on.
    private var failure: (any Error)?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Starts waiting for the reply of a call whose request is about to be written.
    func expect(_ promise: EventLoopPromise<HTTPReply>, limit: Int) {
        if let failure {
            promise.fail(failure)
            return
        }
        precondition(self.pending == nil, "one call at a time on a connection")
        self.pending = (promise, limit)
        self.head = nil
        self.body.clear()
    }

    /// Fails the call in flight and closes the connection (the deadline, a cancelled call).
    func abandon(with error: any Error) {
        self.fail(error)
        self.context?.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let pending = self.pending else {
            self.abandon(with: HTTPTransportError.unexpectedData)
            return
        }
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            // Consul sends no interim (1xx) replies, but one would not be the answer.
            if head.status.code >= 200 { self.head = head }
        case .body(var part):
            guard self.body.readableBytes + part.readableBytes <= pending.limit else {
                self.abandon(with: HTTPTransportError.replyTooLarge(limit: pending.limit))
                return
            }
            self.body.writeBuffer(&part)
        case .end:
            guard let head = self.head else {
                self.abandon(with: HTTPTransportError.unexpectedData)
                return
            }
            self.pending = nil
            pending.promise.succeed(HTTPReply(head: head, body: self.body))
            self.body = ByteBuffer()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.fail(HTTPTransportError.closedBeforeReply)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.fail(error)
        context.close(promise: nil)
    }

    private func fail(_ error: any Error) {
        if self.failure == nil { self.failure = error }
        guard let pending = self.pending else { return }
        self.pending = nil
        pending.promise.fail(self.failure ?? error)
    }
}
