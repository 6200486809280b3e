import Glibc
import SettingValues
import SystemSupport

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
    /// How long to wait for a TCP connection before moving to the next address.
    public var connectTimeout: Duration
    /// The largest reply body accepted, in bytes.
    public var maximumResponseBytes: Int
    /// How many idle connections of watches the client keeps open to one Consul address (other calls have a
    /// small pool of their own). Each watch holds one for up to its wait, so this must reach the
    /// number of concurrent watches; Consul itself accepts 200 per client address unless
    /// `limits.http_max_conns_per_client` is raised, and the client logs once when it sees that limit.
    public var maximumConnectionsPerHost: Int
    /// The environment variable ``addresses`` came from (`CONSUL_ADDR` or `CONSUL_HTTP_ADDR`), or `nil` when
    /// they are the default local agent, set by ``fromEnvironment(_:)``.
    public var addressVariable: String?

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
    /// | `CONSUL_ADDR` | an address, or a comma-separated list; wins over `CONSUL_HTTP_ADDR` |
    /// | `CONSUL_HTTP_ADDR` | Consul's own variable, read exactly like `CONSUL_ADDR` |
    /// | `CONSUL_HTTP_SSL` | `true` makes addresses without a scheme `https` |
    /// | `CONSUL_HTTP_TOKEN` | the ACL token |
    /// | `CONSUL_HTTP_TOKEN_FILE` | a file holding the ACL token, read when `CONSUL_HTTP_TOKEN` is unset |
    /// | `CONSUL_CACERT`, `CONSUL_CAPATH`, `CONSUL_CLIENT_CERT`, `CONSUL_CLIENT_KEY` | PEM files for TLS |
    /// | `CONSUL_TLS_SERVER_NAME` | name to verify the server certificate against |
    /// | `CONSUL_HTTP_SSL_VERIFY` | `false` disables server certificate verification |
    ///
    /// Without an address variable the address is `127.0.0.1:8500`. Both address variables go through the one
    /// address parser, ``ConsulAddress/parseList(_:defaultScheme:)``. Booleans are read by
    /// ``SettingValues/BooleanText``. Empty variables count as unset.
    ///
    /// The TLS files are checked here, even when no address is `https`: a certificate path that cannot be read
    /// is a mistake to report at start-up, not a setting to ignore.
    ///
    /// - Parameter environment: the variables, such as `ProcessInfo.processInfo.environment`.
    /// - Throws: ``ConsulError`` with code ``ConsulError/Code/invalidConfiguration`` naming the variable at fault
    ///   (in ``ConsulError/variable`` and the detail): a malformed address, a boolean that is not one, a token
    ///   file that cannot be read or is empty (the error names the file, never its content), a TLS file or
    ///   directory that cannot be read.
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
        var addressVariable: String?
        for variable in ["CONSUL_ADDR", "CONSUL_HTTP_ADDR"] {
            guard let text = value(variable) else { continue }
            do {
                addresses = try ConsulAddress.parseList(text, defaultScheme: defaultScheme)
            } catch {
                throw invalid(variable, error.detail ?? "invalid address")
            }
            addressVariable = variable
            break
        }

        var token: ConsulToken?
        if let secret = value("CONSUL_HTTP_TOKEN") {
            token = ConsulToken(secret)
        } else if let path = value("CONSUL_HTTP_TOKEN_FILE") {
            token = try readTokenFile(path)
        }

        for variable in ["CONSUL_CACERT", "CONSUL_CLIENT_CERT", "CONSUL_CLIENT_KEY", "CONSUL_CAPATH"] {
            guard let path = value(variable) else { continue }
            try checkReadable(path, variable: variable, directory: variable == "CONSUL_CAPATH")
        }
        if (value("CONSUL_CLIENT_CERT") == nil) != (value("CONSUL_CLIENT_KEY") == nil) {
            let given = value("CONSUL_CLIENT_CERT") == nil ? "CONSUL_CLIENT_KEY" : "CONSUL_CLIENT_CERT"
            throw invalid(given, "CONSUL_CLIENT_CERT and CONSUL_CLIENT_KEY must be given together")
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
        var configuration = ConsulConfiguration(addresses: addresses, token: token, tls: tls)
        configuration.addressVariable = addressVariable
        return configuration
    }

    /// Reads the configuration from the process environment; see ``fromEnvironment(_:)`` for the variables.
    ///
    /// - Throws: ``ConsulError`` with code ``ConsulError/Code/invalidConfiguration`` naming the variable at fault.
    public static func fromEnvironment() throws(ConsulError) -> ConsulConfiguration {
        try fromEnvironment(EnvironmentVariables.current())
    }

    /// A boolean variable, read by the one boolean parser.
    private static func parseBool(_ text: String?, variable: String) throws(ConsulError) -> Bool? {
        guard let text else { return nil }
        guard let value = BooleanText.parse(text) else {
            throw invalid(variable, "\"\(text)\" is not a boolean (use \(BooleanText.expected))")
        }
        return value
    }

    /// An ``ConsulError/Code/invalidConfiguration`` error naming `variable`.
    private static func invalid(_ variable: String, _ reason: String) -> ConsulError {
        var error = ConsulError(code: .invalidConfiguration, detail: reason)
        error.variable = variable
        return error
    }

    /// Checks that a TLS file (or, for `CONSUL_CAPATH`, a directory) exists and can be read.
    private static func checkReadable(_ path: String, variable: String, directory: Bool) throws(ConsulError) {
        // As before (FileManager's attributes): the path itself is looked at, a symbolic link not followed.
        guard faccessat(AT_FDCWD, path, F_OK, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw invalid(variable, "\(path) does not exist or cannot be reached")
        }
        // `struct stat`'s fields are not visible here under MemberImportVisibility (its header belongs to a NIO
        // module), so the type is asked of open(2): with O_DIRECTORY | O_NOFOLLOW it succeeds exactly for a
        // directory that is not a link. O_PATH needs no read permission, which is checked next; Glibc's Swift
        // overlay does not export it (it is a _GNU_SOURCE name), so its Linux value is spelled here.
        let openPathOnly: Int32 = 0o10_000_000
        let descriptor = open(path, openPathOnly | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        let isDirectory = descriptor >= 0
        if isDirectory { close(descriptor) }
        if directory != isDirectory {
            throw invalid(variable, "\(path) is \(isDirectory ? "a directory" : "not a directory")")
        }
        guard access(path, R_OK) == 0 else {
            throw invalid(variable, "\(path) cannot be read")
        }
    }

    private static func readTokenFile(_ path: String) throws(ConsulError) -> ConsulToken {
        guard let bytes = readFile(path) else {
            throw invalid("CONSUL_HTTP_TOKEN_FILE", "cannot read \(path)")
        }
        let secret = String(decoding: bytes, as: UTF8.self).trimmingASCIIWhitespace()
        guard !secret.isEmpty else {
            throw invalid("CONSUL_HTTP_TOKEN_FILE", "\(path) is empty")
        }
        return ConsulToken(secret)
    }

    /// The bytes of the file at `path` (links followed, as a token file may be a mounted secret's link), or `nil`
    /// when it cannot be opened or read.
    private static func readFile(_ path: String) -> [UInt8]? {
        try? FileBytes.read(path: path).get()
    }
}
