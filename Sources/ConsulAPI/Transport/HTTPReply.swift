import NIOCore
import NIOHTTP1

/// One whole HTTP reply as a connection received it.
struct HTTPReply: Sendable {
    var head: HTTPResponseHead
    var body: ByteBuffer

    /// Whether the connection may carry the next call: HTTP/1.1 keep-alive, not refused by a `Connection: close`.
    var keepsConnection: Bool { self.head.isKeepAlive }
}
