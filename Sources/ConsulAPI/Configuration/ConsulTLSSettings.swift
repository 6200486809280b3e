/// TLS settings for `https` Consul addresses, mirroring Consul's `CONSUL_CACERT`, `CONSUL_CAPATH`,
/// `CONSUL_CLIENT_CERT`, `CONSUL_CLIENT_KEY`, `CONSUL_TLS_SERVER_NAME` and `CONSUL_HTTP_SSL_VERIFY`.
public struct ConsulTLSSettings: Sendable, Hashable {
    /// PEM file of the certificate authority that signed the Consul server certificate. Without it the system's
    /// trust store is used.
    public var caFile: String?
    /// A directory of PEM CA certificates (`CONSUL_CAPATH`), used when ``caFile`` is unset.
    public var caPath: String?
    /// PEM file of a client certificate, for agents started with `verify_incoming`.
    public var clientCertificateFile: String?
    /// PEM file of the client certificate's private key.
    public var clientKeyFile: String?
    /// The name to verify the server certificate against (and to send as SNI) instead of the address's host,
    /// such as `server.dc1.consul`.
    public var serverName: String?
    /// Whether to verify the server certificate at all. `false` is for experiments only.
    public var verifyServerCertificate: Bool

    /// Creates TLS settings; the defaults verify the server against the system trust store.
    public init(
        caFile: String? = nil,
        caPath: String? = nil,
        clientCertificateFile: String? = nil,
        clientKeyFile: String? = nil,
        serverName: String? = nil,
        verifyServerCertificate: Bool = true
    ) {
        self.caFile = caFile
        self.caPath = caPath
        self.clientCertificateFile = clientCertificateFile
        self.clientKeyFile = clientKeyFile
        self.serverName = serverName
        self.verifyServerCertificate = verifyServerCertificate
    }
}
