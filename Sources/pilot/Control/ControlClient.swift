import AsyncHTTPClient
import FoundationEssentials
import NIOCore

/// Talks to a running agent's control socket, for `pilot status`, `pilot maintenance` and `pilot reload`.
struct ControlClient {
    /// A call that failed: no agent there, or the agent's error.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The two methods the control socket uses.
    enum Method: Sendable {
        case get, post
    }

    let socket: String

    /// `GET` or `POST` `path`, with an optional JSON body; returns the reply's body.
    ///
    /// - Throws: ``Failure`` naming the socket when no agent answers, or with the agent's message for an
    ///   error reply.
    func call(_ method: Method, _ path: String, body: [String: String]? = nil) async throws -> [UInt8] {
        let encodedSocket = socket.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? socket
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
}
