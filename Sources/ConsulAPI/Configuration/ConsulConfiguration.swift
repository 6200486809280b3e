#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Everything a ``ConsulClient`` needs to reach Consul: addresses in failover order, the ACL token, TLS settings
/// and timeouts.
///
/// Build one by hand, or read it from the environment with ``fromEnvironment(_:)``.
public struct ConsulConfiguration: Sendable {
    /// Addresses in failover order. A call that cannot connect to one tries the next; the client then stays on
    /// the address that answered.
    public var addresses: [ConsulAddress]
    /// The ACL token sent with every call, if any.
    public var token: ConsulToken?
    /// TLS settings, used for `https` addresses.
    public var tls: ConsulTLSSettings
    /// Deadline of a call that does not block. Blocking calls get `wait × 17/16` plus this on top, because Consul
    /// adds up to `wait / 16` of jitter to the wait.
    public var requestTimeout: Duration
    /// How long to wait for a TCP (and TLS) connection before moving to the next address. Used only when the
    /// client creates its own `HTTPClient`.
    public var connectTimeout: Duration
    /// The largest reply body accepted, in bytes.
    public var maximumResponseBytes: Int
    /// How many connections the client's own `HTTPClient` may open to one Consul address. Each watch holds
    /// one for up to its wait, so this must exceed the number of concurrent watches; Consul itself accepts
    /// 200 per client address unless `limits.http_max_conns_per_client` is raised.
    public var maximumConnectionsPerHost: Int

    /// Creates a configuration. The defaults reach a local agent at `127.0.0.1:8500` without a token.
    public init(
        addresses: [ConsulAddress] = [.localAgent],
        token: ConsulToken? = nil,
        tls: ConsulTLSSettings = ConsulTLSSettings(),
        requestTimeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(3),
        maximumResponseBytes: Int = 64 * 1024 * 1024,
        maximumConnectionsPerHost: Int = 200
    ) {
        self.addresses = addresses.isEmpty ? [.localAgent] : addresses
        self.token = token
        self.tls = tls
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.maximumResponseBytes = maximumResponseBytes
        self.maximumConnectionsPerHost = max(1, maximumConnectionsPerHost)
    }

    /// Reads the configuration from environment variables.
    ///
    /// | variable | use |
    /// |---|---|
    /// | `CONSUL_ADDR` | `host:port`, or a comma-separated list; wins over `CONSUL_HTTP_ADDR` |
    /// | `CONSUL_HTTP_ADDR` | Consul's own variable; may carry `http://` or `https://`; a list is accepted too |
    /// | `CONSUL_HTTP_SSL` | `true` makes addresses without a scheme `https` |
    /// | `CONSUL_HTTP_TOKEN` | the ACL token |
    /// | `CONSUL_HTTP_TOKEN_FILE` | a file holding the ACL token, read when `CONSUL_HTTP_TOKEN` is unset |
    /// | `CONSUL_CACERT`, `CONSUL_CAPATH`, `CONSUL_CLIENT_CERT`, `CONSUL_CLIENT_KEY` | PEM files for TLS |
    /// | `CONSUL_TLS_SERVER_NAME` | name to verify the server certificate against |
    /// | `CONSUL_HTTP_SSL_VERIFY` | `false` disables server certificate verification |
    ///
    /// Without an address variable the address is `127.0.0.1:8500`. Empty variables count as unset.
    ///
    /// - Parameter environment: the variables, such as `ProcessInfo.processInfo.environment`.
    /// - Throws: ``ConsulError`` with code ``ConsulError/Code/invalidConfiguration`` naming the variable at fault:
    ///   a malformed address, a boolean that is not one, or a token file that cannot be read or is empty (the
    ///   error names the file, never its content).
    public static func fromEnvironment(_ environment: [String: String]) throws(ConsulError) -> ConsulConfiguration {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingASCIIWhitespace(), !raw.isEmpty else {
                return nil
            }
            return raw
        }

        let useSSL = try parseBool(value("CONSUL_HTTP_SSL"), variable: "CONSUL_HTTP_SSL") ?? false
        let defaultScheme: ConsulAddress.Scheme = useSSL ? .https : .http

        var addresses = [ConsulAddress.localAgent]
        for variable in ["CONSUL_ADDR", "CONSUL_HTTP_ADDR"] {
            guard let text = value(variable) else { continue }
            do {
                addresses = try ConsulAddress.parseList(text, defaultScheme: defaultScheme)
            } catch {
                var error = error
                error.detail = "\(variable): \(error.detail ?? "invalid address")"
                throw error
            }
            break
        }

        var token: ConsulToken?
        if let secret = value("CONSUL_HTTP_TOKEN") {
            token = ConsulToken(secret)
        } else if let path = value("CONSUL_HTTP_TOKEN_FILE") {
            token = try readTokenFile(path)
        }

        let tls = ConsulTLSSettings(
            caFile: value("CONSUL_CACERT"),
            caPath: value("CONSUL_CAPATH"),
            clientCertificateFile: value("CONSUL_CLIENT_CERT"),
            clientKeyFile: value("CONSUL_CLIENT_KEY"),
            serverName: value("CONSUL_TLS_SERVER_NAME"),
            verifyServerCertificate: try parseBool(value("CONSUL_HTTP_SSL_VERIFY"), variable: "CONSUL_HTTP_SSL_VERIFY")
                ?? true
        )
        return ConsulConfiguration(addresses: addresses, token: token, tls: tls)
    }

    /// Reads the configuration from the process environment; see ``fromEnvironment(_:)`` for the variables.
    ///
    /// - Throws: ``ConsulError`` with code ``ConsulError/Code/invalidConfiguration`` naming the variable at fault.
    public static func fromEnvironment() throws(ConsulError) -> ConsulConfiguration {
        try fromEnvironment(ProcessInfo.processInfo.environment)
    }

    /// Go's `strconv.ParseBool` spellings, which Consul's CLI accepts.
    private static func parseBool(_ text: String?, variable: String) throws(ConsulError) -> Bool? {
        guard let text else { return nil }
        switch text {
        case "1", "t", "T", "true", "TRUE", "True": return true
        case "0", "f", "F", "false", "FALSE", "False": return false
        default:
            throw ConsulError(
                code: .invalidConfiguration,
                detail: "\(variable)=\"\(text)\" is not a boolean (use true or false)"
            )
        }
    }

    private static func readTokenFile(_ path: String) throws(ConsulError) -> ConsulToken {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConsulError(
                code: .invalidConfiguration,
                detail: "CONSUL_HTTP_TOKEN_FILE: cannot read \(path)"
            )
        }
        let secret = String(decoding: bytes, as: UTF8.self).trimmingASCIIWhitespace()
        guard !secret.isEmpty else {
            throw ConsulError(code: .invalidConfiguration, detail: "CONSUL_HTTP_TOKEN_FILE: \(path) is empty")
        }
        return ConsulToken(secret)
    }
}
