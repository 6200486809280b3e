import NIOSSL

extension ConsulTLSSettings {
    /// Builds the TLS client configuration, loading every file now so that a missing or malformed one is
    /// reported when the client is made rather than on the first call.
    ///
    /// - Throws: ``ConsulError`` with code ``ConsulError/Code/invalidConfiguration`` naming the file that could not
    ///   be loaded, or when only one of the client certificate and key is given.
    func makeTLSConfiguration() throws(ConsulError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile {
            tls.trustRoots = .certificates(
                try Self.load("CA certificate", caFile) { try NIOSSLCertificate.fromPEMFile($0) }
            )
        } else if let caPath {
            tls.trustRoots = .file(caPath)
        }
        switch (self.clientCertificateFile, self.clientKeyFile) {
        case (let certificateFile?, let keyFile?):
            let chain = try Self.load("client certificate", certificateFile) { try NIOSSLCertificate.fromPEMFile($0) }
            let key = try Self.load("client key", keyFile) { try NIOSSLPrivateKey(file: $0, format: .pem) }
            tls.certificateChain = chain.map { .certificate($0) }
            tls.privateKey = .privateKey(key)
        case (nil, nil):
            break
        default:
            throw ConsulError(
                code: .invalidConfiguration,
                detail: "a client certificate needs both CONSUL_CLIENT_CERT and CONSUL_CLIENT_KEY"
            )
        }
        tls.certificateVerification = self.verifyServerCertificate ? .fullVerification : .none
        return tls
    }

    private static func load<T>(
        _ what: String,
        _ path: String,
        _ body: (String) throws -> T
    ) throws(ConsulError) -> T {
        do {
            return try body(path)
        } catch {
            throw ConsulError(
                code: .invalidConfiguration,
                detail: "cannot load the \(what) from \(path)",
                underlying: error
            )
        }
    }
}
