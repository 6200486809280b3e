/// How to reach Consul (`consul`): a string such as `"consul:8500"` or `"https://consul:8501"`, or an object with
/// `address`, `scheme`, `token` and `tls`.
///
/// The ACL token is never written by ``description``.
public struct ConsulConnection: Hashable, Sendable, CustomStringConvertible {
    /// The URL scheme of Consul's HTTP API.
    public enum Scheme: String, Hashable, Sendable {
        /// Plain HTTP, the default.
        case http
        /// HTTP over TLS.
        case https
    }

    /// TLS settings for an `https` Consul (`consul.tls`); each may be overridden by Consul's environment variables.
    public struct TLS: Hashable, Sendable {
        /// The CA certificate file (`cafile`, `CONSUL_CACERT`).
        public var caFile: String?
        /// A directory of CA certificates (`capath`, `CONSUL_CAPATH`).
        public var caPath: String?
        /// The client certificate file (`clientcert`, `CONSUL_CLIENT_CERT`).
        public var clientCertificate: String?
        /// The client key file (`clientkey`, `CONSUL_CLIENT_KEY`).
        public var clientKey: String?
        /// The name to verify the server's certificate against (`servername`, `CONSUL_TLS_SERVER_NAME`).
        public var serverName: String?
        /// Whether the server's certificate is verified (`verify`, `CONSUL_HTTP_SSL_VERIFY`); `nil` when the file
        /// does not say, so that the engine chooses (ContainerPilot then does not verify).
        public var verify: Bool?

        /// Creates TLS settings.
        public init(
            caFile: String? = nil, caPath: String? = nil, clientCertificate: String? = nil, clientKey: String? = nil,
            serverName: String? = nil, verify: Bool? = nil
        ) {
            self.caFile = caFile
            self.caPath = caPath
            self.clientCertificate = clientCertificate
            self.clientKey = clientKey
            self.serverName = serverName
            self.verify = verify
        }
    }

    /// `host:port` of the Consul agent, without the scheme; `nil` when the object form leaves it out, so that the
    /// engine uses `CONSUL_HTTP_ADDR` or Consul's default `127.0.0.1:8500`.
    public var address: String?
    /// The scheme.
    public var scheme: Scheme
    /// The ACL token (`token`); `CONSUL_HTTP_TOKEN` overrides it.
    public var token: String?
    /// TLS settings.
    public var tls: TLS

    /// Creates a Consul configuration.
    public init(address: String?, scheme: Scheme = .http, token: String? = nil, tls: TLS = TLS()) {
        self.address = address
        self.scheme = scheme
        self.token = token
        self.tls = tls
    }

    /// `scheme://address`, and whether a token is set, never the token itself.
    public var description: String {
        "\(scheme.rawValue)://\(address ?? "(default address)")" + (token == nil ? "" : " (with an ACL token)")
    }
}
