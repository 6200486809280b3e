import JSONValues
import NIOCore
import NIOHTTP1
import NIOPosix

/// Talks to a running agent's control socket, for `pilot status`, `pilot maintenance` and `pilot reload`.
public struct ControlClient: Sendable {
    /// A call that failed: no agent there, or the agent's error.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    /// The two methods the control socket uses.
    public enum Method: Sendable {
        case get, post
    }

    /// The reply did not come before the call's deadline.
    struct TimedOut: Error, CustomStringConvertible {
        var description: String { "no reply within 60 seconds" }
    }

    /// The socket's path.
    public let socket: String

    /// A client of the agent at `socket`.
    public init(socket: String) {
        self.socket = socket
    }

    /// `GET` or `POST` `path`, with an optional JSON body; returns the reply's body.
    ///
    /// - Throws: ``Failure`` naming the socket when no agent answers, or with the agent's message for an
    ///   error reply.
    public func call(_ method: Method, _ path: String, body: [String: String]? = nil) async throws -> [UInt8] {
        let (status, bytes): (HTTPResponseStatus, [UInt8])
        do {
            let encoded = try body.map { try JSONTextEncoder().encode($0) }
            (status, bytes) = try await withThrowingTaskGroup(of: (HTTPResponseStatus, [UInt8]).self) { group in
                group.addTask { try await self.exchange(method, path, body: encoded) }
                group.addTask {
                    try await Task.sleep(for: .seconds(60))
                    throw TimedOut()
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
        } catch {
            throw Failure(description: "no pilot answers on \(socket): \(error)")
        }
        guard status == .ok else {
            let reply = (try? JSONNodeDecoder().decode([String: String].self, from: bytes))?["error"]
            throw Failure(description: reply ?? "the agent answered \(status.code)")
        }
        return bytes
    }

    /// One HTTP/1.1 request on a new connection to the socket, closed after the reply.
    private func exchange(_ method: Method, _ path: String, body: [UInt8]?) async throws
        -> (HTTPResponseStatus, [UInt8])
    {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(unixDomainSocketPath: self.socket) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var headers = HTTPHeaders()
            headers.add(name: "Host", value: "localhost")
            headers.add(name: "Connection", value: "close")
            if let body {
                headers.add(name: "Content-Type", value: "application/json")
                headers.add(name: "Content-Length", value: String(body.count))
            } else if method == .post {
                headers.add(name: "Content-Length", value: "0")
            }
            let head = HTTPRequestHead(
                version: .http1_1, method: method == .get ? .GET : .POST, uri: path, headers: headers)
            try await outbound.write(.head(head))
            if let body { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            try await outbound.write(.end(nil))

            var status: HTTPResponseStatus?
            var bytes: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let head):
                    status = head.status
                case .body(let buffer):
                    guard bytes.count + buffer.readableBytes <= 16 << 20 else {
                        throw Failure(description: "the reply is larger than 16 MiB")
                    }
                    bytes += buffer.readableBytesView
                case .end:
                    if let status { return (status, bytes) }
                }
            }
            throw Failure(description: "the connection closed before the reply ended")
        }
    }
}
