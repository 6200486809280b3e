import SettingValues

/// The agent's settings from the environment variables of the brief, validated, with every default.
///
/// The Consul address (`CONSUL_ADDR`, `CONSUL_HTTP_ADDR`) is not read here: it has one parser, the Consul
/// client's configuration (`ConsulAPI.ConsulConfiguration.fromEnvironment`), so that the connection, settings
/// validation and `pilot lint --catalog` cannot disagree about it.
///
/// | variable | default |
/// |---|---|
/// | `CONSUL_JOIN_ADDR` | none |
/// | `CONSUL_ADVERTISE` | Consul's own choice |
/// | `CONSUL_PREFIX` | none |
/// | `SERVICE_NAME` | `main` |
/// | `SERVICE_PORT` | unset: do not register |
/// | `SERVICE_COMMAND` | unset: start nothing |
/// | `SERVICE_INTERFACE` | `eth0` |
/// | `SERVICE_SIGNAL_CHANGED` (or `SERVICES_SIGNAL_CHANGED`) | unset: no SIGHUP |
///
/// An empty value counts as unset, the way shell scripts export optional variables.
public struct AgentSettings: Sendable, Equatable {
    /// The addresses of cluster nodes for the client agent to join (`CONSUL_JOIN_ADDR`, comma-separated).
    public var consulJoinAddresses: [String]
    /// The address the client agent advertises (`CONSUL_ADVERTISE`).
    public var consulAdvertise: IPAddress?
    /// Prefixed to the service's name and ID, and to the names of its dependencies (`CONSUL_PREFIX`).
    public var consulPrefix: String
    /// `SERVICE_NAME` as given, without prefix: the key of `serviceDependencies.json` to follow.
    public var serviceName: String
    /// The name registered in Consul: the prefix and the service name.
    public var registeredName: String
    /// The ID registered in Consul: `[prefix]name-hostname`.
    public var serviceID: String
    /// The port to register; `nil` means discovery only, no registration.
    public var servicePort: Int?
    /// The managed application's command, split into words; `nil` means start nothing.
    public var serviceCommand: [String]?
    /// Where the registered address comes from.
    public var serviceInterface: ServiceInterface
    /// Whether to send SIGHUP to the application when a dependency's instances change.
    public var signalOnChange: Bool

    /// Whether the agent registers the service (it does when a port is set).
    public var registersService: Bool { servicePort != nil }

    /// The default service name, used also as the dependency key for discovery without registration.
    public static let defaultServiceName = "main"

    /// Reads and validates the settings.
    ///
    /// - Parameters:
    ///   - environment: the process environment.
    ///   - systemHostname: the host name to use when `HOSTNAME` is unset.
    /// - Throws: ``SettingsError`` naming the first variable whose value cannot be used.
    public init(environment: [String: String], systemHostname: @autoclosure () -> String) throws(SettingsError) {
        func value(_ name: String) -> String? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            return text
        }

        consulJoinAddresses = []
        if let text = value("CONSUL_JOIN_ADDR") {
            let entries = text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            for entry in entries where entry.contains("/") || entry.contains("@") {
                throw SettingsError(
                    variable: "CONSUL_JOIN_ADDR", value: text,
                    reason: "\"\(entry)\" is not an address; expected the IP or host name of a cluster node")
            }
            consulJoinAddresses = entries
        }

        consulAdvertise = nil
        if let text = value("CONSUL_ADVERTISE") {
            guard let address = IPAddress(text) else {
                throw SettingsError(variable: "CONSUL_ADVERTISE", value: text, reason: "expected an IPv4 or IPv6 address")
            }
            consulAdvertise = address
        }

        consulPrefix = value("CONSUL_PREFIX") ?? ""
        serviceName = value("SERVICE_NAME") ?? Self.defaultServiceName
        if let problem = ServiceName.problem(with: serviceName) {
            throw SettingsError(variable: "SERVICE_NAME", value: serviceName, reason: problem)
        }
        registeredName = consulPrefix + serviceName
        if !consulPrefix.isEmpty, let problem = ServiceName.problem(with: registeredName) {
            throw SettingsError(
                variable: "CONSUL_PREFIX", value: consulPrefix,
                reason: "with it the registered name would be \"\(registeredName)\": \(problem)")
        }
        let hostname = value("HOSTNAME") ?? systemHostname()
        serviceID = "\(registeredName)-\(hostname)"

        servicePort = nil
        if let text = value("SERVICE_PORT") {
            guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(text), (1...65535).contains(port) else {
                throw SettingsError(variable: "SERVICE_PORT", value: text, reason: "expected a port number from 1 to 65535")
            }
            servicePort = port
        }

        serviceCommand = nil
        if let text = value("SERVICE_COMMAND") {
            let words: [String]
            do {
                words = try ShellWords.split(text)
            } catch {
                throw SettingsError(variable: "SERVICE_COMMAND", value: text, reason: error.reason)
            }
            guard !words.isEmpty else {
                throw SettingsError(variable: "SERVICE_COMMAND", value: text, reason: "expected a command")
            }
            serviceCommand = words
        }

        serviceInterface = .default
        if let text = value("SERVICE_INTERFACE") {
            serviceInterface = try ServiceInterface(parsing: text)
        }

        let signalText = value("SERVICE_SIGNAL_CHANGED") ?? value("SERVICES_SIGNAL_CHANGED")
        signalOnChange = signalText.map(BooleanText.isOn(anyValue:)) ?? false
    }

    /// The name under which a dependency is looked up in Consul: the prefix and the name.
    public func registeredName(ofDependency dependency: String) -> String {
        consulPrefix + dependency
    }
}
