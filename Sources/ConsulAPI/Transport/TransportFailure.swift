import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a transport-level error (no HTTP status) is reported, and whether the next address should be tried.
struct TransportFailure: Sendable {
    var code: ConsulError.Code
    /// Whether another address might succeed where this one failed.
    var triesNextAddress: Bool
    var detail: String

    /// Whether the error is a connection Consul closed or reset: what Consul does to a connection beyond its
    /// per-client limit (`limits.http_max_conns_per_client`), though an outage looks the same for a moment.
    static func mayBeConnectionLimit(_ error: any Error) -> Bool {
        if let error = error as? HTTPTransportError {
            return error == .closedBeforeReply
        }
        if let error = error as? IOError {
            return error.errnoCode == ECONNRESET || error.errnoCode == EPIPE
        }
        if let error = error as? ChannelError {
            return error == .eof || error == .ioOnClosedChannel
        }
        return false
    }

    /// Whether a call on a kept-alive connection failed because the connection had closed meanwhile, so that the
    /// request never reached Consul and may go again on a new connection.
    static func isStaleConnection(_ error: any Error) -> Bool {
        if let error = error as? HTTPTransportError {
            return error == .closedBeforeReply
        }
        return self.mayBeConnectionLimit(error)
    }

    /// Sorts an error thrown by the HTTP/1.1 client into a ``ConsulError/Code``.
    ///
    /// Connection-level failures (refused, reset, unreachable, DNS, connect timeout, a connection closed before
    /// the reply) move on to the next address; TLS failures and read deadlines do not, because another address
    /// would most likely fail the same way and the caller needs to see the real cause.
    static func classify(_ error: any Error) -> TransportFailure {
        if let error = error as? HTTPTransportError {
            switch error {
            case .closedBeforeReply:
                return TransportFailure(
                    code: .connectionFailed,
                    triesNextAddress: true,
                    detail: "the connection closed before Consul replied"
                )
            case .deadlineExceeded:
                return TransportFailure(
                    code: .timedOut,
                    triesNextAddress: false,
                    detail: "no reply before the deadline"
                )
            case .replyTooLarge(let limit):
                return TransportFailure(
                    code: .connectionFailed,
                    triesNextAddress: true,
                    detail: "the reply is larger than \(limit) bytes"
                )
            case .unexpectedData:
                return TransportFailure(
                    code: .connectionFailed,
                    triesNextAddress: false,
                    detail: "the reply is not HTTP/1.1 this client reads"
                )
            }
        }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            return TransportFailure(
                code: .tlsFailure,
                triesNextAddress: false,
                detail: "TLS handshake failed (check CONSUL_CACERT, CONSUL_TLS_SERVER_NAME and the server certificate)"
            )
        }
        if let error = error as? NIOConnectionError {
            if error.dnsAError != nil || error.dnsAAAAError != nil {
                return TransportFailure(
                    code: .connectionFailed,
                    triesNextAddress: true,
                    detail: "cannot resolve host \(error.host)"
                )
            }
            return TransportFailure(
                code: .connectionFailed,
                triesNextAddress: true,
                detail: "connection refused or unreachable"
            )
        }
        if let error = error as? IOError {
            return TransportFailure(
                code: .connectionFailed,
                triesNextAddress: true,
                detail: "connection failed (errno \(error.errnoCode))"
            )
        }
        if case .connectTimeout = error as? ChannelError {
            return TransportFailure(code: .connectionFailed, triesNextAddress: true, detail: "connect timed out")
        }
        return TransportFailure(code: .connectionFailed, triesNextAddress: true, detail: "connection failed")
    }
}
