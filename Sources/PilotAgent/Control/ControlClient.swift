import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import NIOHTTP1

/// Talks to a running agent's control socket, for `pilot status`, `pilot maintenance` and `pilot reload`.
public struct ControlClient {
    /// A call that failed: no agent there, or the agent's error.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    /// The two methods the control socket uses.
    public enum Method: Sendable {
        case get, post
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
        let encodedSocket = Self.percentEncoded(socket)
        var request = HTTPClientRequest(url: "http+unix://\(encodedSocket)\(path)")
        request.method = method == .get ? .GET : .POST
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(try JSONEncoder().encode(body))
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let response = try await client.execute(request, timeout: .seconds(60))
            let bytes = Array(try await response.body.collect(upTo: 16 << 20).readableBytesView)
            try await client.shutdown()
            guard response.status == .ok else {
                let reply = (try? JSONDecoder().decode([String: String].self, from: Data(bytes)))?["error"]
                throw Failure(description: reply ?? "the agent answered \(response.status.code)")
            }
            return bytes
        } catch let failure as Failure {
            throw failure
        } catch {
            try? await client.shutdown()
            throw Failure(description: "no pilot answers on \(socket): \(error)")
        }
    }

    /// The socket path as AsyncHTTPClient's `http+unix://` host: every byte but ASCII letters and digits
    /// percent-encoded (written here, not taken from full Foundation, which pilot does not link).
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
