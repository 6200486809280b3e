import JSONValues
import NIOCore

/// A reply from Consul: its status, the query headers and the body.
struct ConsulResponse: Sendable {
    var status: Int
    var meta: ConsulQueryMeta
    var body: ByteBuffer

    /// The body as text, for Consul's plain-text error messages.
    var bodyText: String {
        String(buffer: self.body).trimmingASCIIWhitespace()
    }

    /// Decodes the JSON body.
    ///
    /// - Throws: ``ConsulError`` with code ``ConsulError/Code/invalidResponse`` naming the call.
    func decode<T: Decodable>(_ type: T.Type, for request: ConsulRequest) throws(ConsulError) -> T {
        do {
            return try JSONNodeDecoder().decode(type, from: self.body.readableBytesView)
        } catch {
            throw ConsulError(
                code: .invalidResponse,
                endpoint: request.endpoint,
                addressesTried: [self.meta.address],
                httpStatus: self.status,
                detail: "the reply is not the expected \(T.self) JSON",
                underlying: error
            )
        }
    }
}
