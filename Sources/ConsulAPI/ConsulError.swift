/// An error from talking to Consul, carrying what a reader needs to act on it: which endpoint was called,
/// at which address, the HTTP status and the message Consul sent back.
///
/// The ACL token is never part of an error: not in ``description``, not in any field. ``tokenWasSent`` only
/// says whether one was sent, so a permission error can say "the token lacks a permission" or "no token was
/// sent" without showing it.
public struct ConsulError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure. New codes may be added in later versions; switch over it with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case connectionFailed
            case timedOut
            case tlsFailure
            case permissionDenied
            case notFound
            case badRequest
            case rateLimited
            case serverError
            case unexpectedStatus
            case invalidResponse
            case invalidConfiguration
            case clientShutDown
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// No connection could be made to any configured address (refused, unreachable, reset, DNS failure).
        public static let connectionFailed = Code(.connectionFailed)
        /// The call did not complete before its deadline.
        public static let timedOut = Code(.timedOut)
        /// The TLS handshake failed: an untrusted certificate, a name mismatch or unreadable key material.
        public static let tlsFailure = Code(.tlsFailure)
        /// Consul answered 403: the ACL token (or its absence) does not grant the permission the call needs.
        public static let permissionDenied = Code(.permissionDenied)
        /// Consul answered 404.
        public static let notFound = Code(.notFound)
        /// Consul answered 400: the request was malformed or failed validation.
        public static let badRequest = Code(.badRequest)
        /// Consul answered 429: the request was rate limited.
        public static let rateLimited = Code(.rateLimited)
        /// Consul answered with a 5xx status.
        public static let serverError = Code(.serverError)
        /// Consul answered with a status this client does not expect for the endpoint.
        public static let unexpectedStatus = Code(.unexpectedStatus)
        /// Consul's reply could not be decoded.
        public static let invalidResponse = Code(.invalidResponse)
        /// The client's settings are unusable: a malformed address, an unreadable token or certificate file.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The client was already shut down.
        public static let clientShutDown = Code(.clientShutDown)

        /// The code's name, such as `permissionDenied`.
        public var description: String { self.base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The call, as `METHOD /path?query` (never containing the token), when the error belongs to a call.
    public var endpoint: String?
    /// The addresses tried, in order; the last one is the one whose failure this error reports.
    public var addressesTried: [ConsulAddress]
    /// The HTTP status Consul answered with, if it answered.
    public var httpStatus: Int?
    /// The text Consul sent with an error status, such as `Permission denied: Missing service:write on web`.
    public var consulMessage: String?
    /// Whether an ACL token was sent with the call.
    public var tokenWasSent: Bool
    /// A plain explanation for errors that do not come from an HTTP status (configuration, decoding, transport).
    public var detail: String?
    /// The lower-level error, if any (from the HTTP client, TLS or JSON decoding).
    public var underlying: (any Error)?
    /// For ``Code/invalidConfiguration`` read from the environment: the variable at fault, such as
    /// `CONSUL_CACERT`, so that a program can name it in its own error.
    public var variable: String?

    /// Creates an error. Library users rarely need this, except to build test doubles.
    public init(
        code: Code,
        endpoint: String? = nil,
        addressesTried: [ConsulAddress] = [],
        httpStatus: Int? = nil,
        consulMessage: String? = nil,
        tokenWasSent: Bool = false,
        detail: String? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.endpoint = endpoint
        self.addressesTried = addressesTried
        self.httpStatus = httpStatus
        self.consulMessage = consulMessage
        self.tokenWasSent = tokenWasSent
        self.detail = detail
        self.underlying = underlying
    }

    /// The address whose failure this error reports.
    public var address: ConsulAddress? { self.addressesTried.last }

    /// A sentence for logs and users: what failed, where, and what Consul said.
    public var description: String {
        var parts: [String] = []
        parts.append(self.summary)
        if let endpoint {
            parts.append("call: \(endpoint)")
        }
        if !self.addressesTried.isEmpty {
            let label = self.addressesTried.count == 1 ? "address tried" : "addresses tried"
            parts.append("\(label): \(self.addressesTried.map(\.description).joined(separator: ", "))")
        }
        if let httpStatus {
            parts.append("HTTP status: \(httpStatus)")
        }
        if let consulMessage, !consulMessage.isEmpty {
            parts.append("Consul said: \(consulMessage)")
        }
        if let detail {
            parts.append(self.variable.map { "\($0): \(detail)" } ?? detail)
        }
        if let underlying {
            parts.append("cause: \(String(describing: underlying))")
        }
        return parts.joined(separator: "; ")
    }

    private var summary: String {
        switch self.code {
        case .permissionDenied:
            if self.tokenWasSent {
                return "Consul denied the call: the ACL token lacks a permission it needs"
            }
            return "Consul denied the call: no ACL token was sent (set CONSUL_HTTP_TOKEN or CONSUL_HTTP_TOKEN_FILE)"
        case .connectionFailed:
            return "could not connect to Consul"
        case .timedOut:
            return "the call to Consul timed out"
        case .tlsFailure:
            return "the TLS handshake with Consul failed"
        case .notFound:
            return "Consul found no such resource"
        case .badRequest:
            return "Consul rejected the request as invalid"
        case .rateLimited:
            return "Consul rate-limited the call"
        case .serverError:
            return "Consul failed to serve the call"
        case .unexpectedStatus:
            return "Consul answered with an unexpected status"
        case .invalidResponse:
            return "Consul's reply could not be understood"
        case .invalidConfiguration:
            return "the Consul client settings are invalid"
        case .clientShutDown:
            return "the Consul client is shut down"
        default:
            return "the call to Consul failed (\(self.code))"
        }
    }
}
