public import ConsulAPI
import Glibc
public import DiscoveryModel
public import Logging
import SettingValues

/// Everything `pilot run` does, resolved from flags, the environment, the configuration file and
/// defaults, in that order of precedence, and validated before anything starts.
public struct AgentConfiguration: Sendable {
    /// The brief's variables.
    public var settings: AgentSettings
    /// How to reach Consul (addresses, token, TLS), from the environment.
    public var consul: ConsulConfiguration
    /// How often `./ping` runs and the TTL is refreshed.
    public var checkInterval: Duration
    /// How long one ping may run before it is killed and counted as failed.
    public var checkTimeout: Duration
    /// The TTL of the Consul check: if pilot stops beating, Consul marks the service critical after it.
    public var checkTTL: Duration
    /// The health command, run in the working directory.
    public var ping: [String]
    /// When set, Consul deregisters a service that stayed critical this long (at least 1 minute).
    public var deregisterCriticalAfter: Duration?
    /// Tags registered with the service.
    public var tags: [String]
    /// Metadata registered with the service.
    public var meta: [String: String]
    /// When the managed service is restarted after it exits.
    public var restartPolicy: RestartPolicy
    /// How long the managed service may take to stop before it is killed.
    public var stopTimeout: Duration
    /// The dependency file.
    public var dependencyFile: String
    /// The file of dependency addresses the agent writes.
    public var servicesFile: String
    /// Whether `services.json` is rewritten in place (truncate and write under a lock) rather than replaced.
    public var servicesFileInPlace: Bool
    /// How long the first write of `services.json` waits for every dependency to answer.
    public var startupDeadline: Duration
    /// Changes closer together than this are merged into one write; zero turns merging off.
    public var mergeQuietPeriod: Duration
    /// The longest a merged change waits.
    public var mergeMaximumDelay: Duration
    /// Dependencies whose last non-empty list is kept when none is healthy (`*` for all).
    public var keepLastKnown: Set<String>
    /// The signal sent to the service after `services.json` changes.
    public var reloadSignal: Int32
    /// A command run after each write of `services.json`.
    public var onChange: [String]?
    /// The files rendered from the registry with consul-template templates.
    public var templates: [TemplateDefinition]
    /// Where pilot's own Consul client agent keeps its data.
    public var consulAgentDataDirectory: String
    /// More arguments for pilot's own Consul client agent (`-node`, ports, `-encrypt`, ...).
    public var consulAgentArguments: [String]
    /// The control socket's path, or `nil` for none (`off`).
    public var controlSocket: String?
    /// The group allowed to use the control socket (mode 0660), or `nil` for the owner only (0600).
    public var controlSocketGroup: String?
    /// The TCP port of the Prometheus endpoint, or `nil` for none.
    public var telemetryPort: Int?
    /// The address the Prometheus endpoint binds.
    public var telemetryAddress: String
    /// How much to log.
    public var logLevel: Logger.Level
    /// How log lines look.
    public var logFormat: LogFormat

    /// Resolves the configuration.
    ///
    /// - Throws: ``SettingsError`` naming the first flag, variable or file key whose value cannot be used.
    public init(flags options: RunFlags, environment: [String: String], systemHostname: String) throws(SettingsError) {
        settings = try AgentSettings(environment: environment, systemHostname: systemHostname)
        do {
            consul = try ConsulConfiguration.fromEnvironment(environment)
        } catch {
            let variable = error.variable ?? "Consul connection"
            throw SettingsError(
                variable: variable, value: error.variable.flatMap { environment[$0] } ?? "",
                reason: error.detail ?? "\(error)")
        }
        let file = try options.config.map { path throws(SettingsError) in try ConfigurationFile.load(path: path) }
            ?? ConfigurationFile()
        var resolver = SettingResolver(environment: environment, configPath: options.config ?? "")

        checkInterval = try resolver.duration(
            flag: ("--check-interval", options.checkInterval), variable: "PILOT_CHECK_INTERVAL",
            file: ("checkInterval", file.checkInterval), default: .seconds(5), minimum: .milliseconds(100))
        checkTimeout = try resolver.duration(
            flag: ("--check-timeout", options.checkTimeout), variable: "PILOT_CHECK_TIMEOUT",
            file: ("checkTimeout", file.checkTimeout), default: checkInterval, minimum: .milliseconds(10))
        checkTTL = try resolver.duration(
            flag: ("--check-ttl", options.checkTTL), variable: "PILOT_CHECK_TTL",
            file: ("checkTTL", file.checkTTL), default: checkInterval * 2 + .seconds(1), minimum: .seconds(1))
        let pingText = resolver.string(
            flag: ("--ping", options.ping), variable: "PILOT_PING", file: ("ping", file.ping), default: "./ping")
        do {
            ping = try ShellWords.split(pingText)
        } catch {
            throw SettingsError(variable: resolver.lastSource, value: pingText, reason: error.reason)
        }
        if ping.isEmpty { throw SettingsError(variable: resolver.lastSource, value: pingText, reason: "expected a command") }
        deregisterCriticalAfter = try resolver.optionalDuration(
            flag: ("--deregister-critical-after", options.deregisterCriticalAfter),
            variable: "PILOT_DEREGISTER_CRITICAL_AFTER",
            file: ("deregisterCriticalAfter", file.deregisterCriticalAfter), minimum: .seconds(60))
        tags = options.tags.isEmpty
            ? (environment["PILOT_TAGS"].map { $0.split(separator: ",").map(String.init) } ?? file.tags ?? [])
            : options.tags
        meta = try resolver.meta(flags: options.meta, variable: "PILOT_META", file: file.meta ?? [:])
        restartPolicy = try resolver.parsed(
            flag: ("--restart", options.restart), variable: "PILOT_RESTART", file: ("restart", file.restart),
            default: .onFailure, expected: "never, on-failure or always", parse: RestartPolicy.init(rawValue:))
        stopTimeout = try resolver.duration(
            flag: ("--stop-timeout", options.stopTimeout), variable: "PILOT_STOP_TIMEOUT",
            file: ("stopTimeout", file.stopTimeout), default: .seconds(5), minimum: .zero)
        dependencyFile = resolver.string(
            flag: ("--dependencies", options.dependencies), variable: "PILOT_DEPENDENCIES",
            file: ("dependencies", file.dependencies), default: DependencyManifest.defaultFileName)
        servicesFile = resolver.string(
            flag: ("--services-file", options.servicesFile), variable: "PILOT_SERVICES_FILE",
            file: ("servicesFile", file.servicesFile), default: ServicesDocument.defaultPath)
        servicesFileInPlace = try resolver.parsed(
            flag: ("--services-file-in-place", options.servicesFileInPlace ? "true" : nil),
            variable: "PILOT_SERVICES_FILE_IN_PLACE", file: ("servicesFileInPlace", file.servicesFileInPlace.map { "\($0)" }),
            default: false, expected: BooleanText.expected, parse: BooleanText.parse)
        startupDeadline = try resolver.duration(
            flag: ("--startup-deadline", options.startupDeadline), variable: "PILOT_STARTUP_DEADLINE",
            file: ("startupDeadline", file.startupDeadline), default: .seconds(10), minimum: .zero)
        mergeQuietPeriod = try resolver.duration(
            flag: ("--merge-quiet-period", options.mergeQuietPeriod), variable: "PILOT_MERGE_QUIET_PERIOD",
            file: ("mergeQuietPeriod", file.mergeQuietPeriod), default: .milliseconds(50), minimum: .zero)
        mergeMaximumDelay = try resolver.duration(
            flag: ("--merge-max-delay", options.mergeMaximumDelay), variable: "PILOT_MERGE_MAX_DELAY",
            file: ("mergeMaxDelay", file.mergeMaxDelay), default: .seconds(1), minimum: .zero)
        keepLastKnown = Set(
            options.keepLastKnown.isEmpty
                ? (environment["PILOT_KEEP_LAST_KNOWN"].map { $0.split(separator: ",").map(String.init) }
                    ?? file.keepLastKnown ?? [])
                : options.keepLastKnown)
        reloadSignal = try resolver.parsed(
            flag: ("--reload-signal", options.reloadSignal), variable: "PILOT_RELOAD_SIGNAL",
            file: ("reloadSignal", file.reloadSignal), default: SIGHUP,
            expected: "one of HUP, INT, QUIT, USR1, USR2, ALRM, TERM or WINCH; "
                + "a signal that kills, stops or continues the service is not a reload signal",
            parse: Self.reloadSignal(_:))
        let onChangeText = resolver.string(
            flag: ("--on-change", options.onChange), variable: "PILOT_ON_CHANGE", file: ("onChange", file.onChange),
            default: "")
        do {
            let words = try ShellWords.split(onChangeText)
            onChange = words.isEmpty ? nil : words
        } catch {
            throw SettingsError(variable: resolver.lastSource, value: onChangeText, reason: error.reason)
        }
        templates = try Self.templates(flags: options.templates, environment: environment, file: file.templates)
        consulAgentDataDirectory = resolver.string(
            flag: ("--consul-agent-data-dir", options.consulAgentDataDir), variable: "PILOT_CONSUL_AGENT_DATA_DIR",
            file: ("consulAgentDataDir", file.consulAgentDataDir), default: "/var/lib/pilot/consul")
        let agentArguments = resolver.string(
            flag: ("--consul-agent-args", options.consulAgentArgs), variable: "PILOT_CONSUL_AGENT_ARGS",
            file: ("consulAgentArgs", file.consulAgentArgs), default: "")
        do {
            consulAgentArguments = try ShellWords.split(agentArguments)
        } catch {
            throw SettingsError(variable: resolver.lastSource, value: agentArguments, reason: error.reason)
        }
        let socket = resolver.string(
            flag: ("--control-socket", options.controlSocket), variable: "PILOT_CONTROL_SOCKET",
            file: ("controlSocket", file.controlSocket), default: Self.defaultControlSocket)
        controlSocket = socket == "off" || socket.isEmpty ? nil : socket
        if let path = controlSocket, path.utf8.count >= Self.socketPathCapacity {
            throw SettingsError(
                variable: resolver.lastSource, value: path,
                reason: "a Unix socket path must be shorter than \(Self.socketPathCapacity) bytes "
                    + "(it is \(path.utf8.count)); choose a shorter path")
        }
        controlSocketGroup = resolver.string(
            flag: ("--control-socket-group", options.controlSocketGroup), variable: "PILOT_CONTROL_SOCKET_GROUP",
            file: ("controlSocketGroup", file.controlSocketGroup), default: "")
        if controlSocketGroup == "" { controlSocketGroup = nil }
        if let group = controlSocketGroup, GroupID.of(group) == nil {
            throw SettingsError(variable: resolver.lastSource, value: group, reason: "no such group")
        }
        telemetryPort = try resolver.parsed(
            flag: ("--telemetry-port", options.telemetryPort), variable: "TELEMETRY_PORT",
            file: ("telemetryPort", file.telemetryPort.map(String.init)), default: nil,
            expected: "a port number from 1 to 65535",
            parse: { text -> Int?? in
                guard let port = Int(text), (1...65535).contains(port) else { return nil }
                return .some(port)
            })
        telemetryAddress = resolver.string(
            flag: ("--telemetry-address", options.telemetryAddress), variable: "TELEMETRY_ADDRESS",
            file: ("telemetryAddress", file.telemetryAddress), default: "0.0.0.0")
        if IPAddress(telemetryAddress) == nil {
            // An IP literal only: a host name would be resolved at bind time, and could bind elsewhere than meant.
            throw SettingsError(
                variable: resolver.lastSource, value: telemetryAddress,
                reason: "expected an IPv4 or IPv6 address to bind, such as 0.0.0.0, 127.0.0.1 or ::")
        }
        logLevel = try resolver.parsed(
            flag: ("--log-level", options.logLevel), variable: "LOG_LEVEL", file: ("logLevel", file.logLevel),
            default: .info, expected: "trace, debug, info, notice, warning, error or critical",
            parse: { Logger.Level(rawValue: $0.lowercased()) })
        logFormat = try resolver.parsed(
            flag: ("--log-format", options.logFormat), variable: "LOG_FORMAT", file: ("logFormat", file.logFormat),
            default: .text, expected: "text or json", parse: LogFormat.init(rawValue:))

        if checkTimeout > checkInterval {
            throw SettingsError(
                variable: "check timeout", value: DurationText.format(checkTimeout),
                reason: "must not exceed the check interval (\(DurationText.format(checkInterval)))")
        }
        if checkTTL <= checkInterval {
            throw SettingsError(
                variable: "check TTL", value: DurationText.format(checkTTL),
                reason: "must be longer than the check interval (\(DurationText.format(checkInterval))), "
                    + "or every beat would arrive after the check expired")
        }
    }

    /// The bytes of `sockaddr_un.sun_path`, the terminating NUL included.
    static let socketPathCapacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)

    /// The signals a reload may send: those whose default action a service can catch and act on. Signals that
    /// kill (KILL), stop (STOP, TSTP, TTIN, TTOU), continue (CONT) or are ignored by default (CHLD, URG) or that
    /// report faults (SEGV, ABRT, ...) would kill, freeze or confuse the service at every change.
    static let reloadSignals: Set<Int32> = [SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM, SIGWINCH]

    /// A reload signal by name (`HUP`, `SIGUSR1`) or number; `nil` for one not in ``reloadSignals``.
    /// The templates: every `--template` flag, else `PILOT_TEMPLATES` (separated by `;` or newlines), else the
    /// file's `templates`.
    static func templates(
        flags: [String], environment: [String: String], file: [TemplateDefinition]?
    ) throws(SettingsError) -> [TemplateDefinition] {
        if !flags.isEmpty {
            var definitions: [TemplateDefinition] = []
            for flag in flags {
                do {
                    definitions.append(try TemplateDefinition(specification: flag))
                } catch {
                    throw SettingsError(variable: "--template", value: flag, reason: error.reason)
                }
            }
            return definitions
        }
        if let text = environment["PILOT_TEMPLATES"] {
            do {
                return try TemplateDefinition.list(text)
            } catch {
                throw SettingsError(variable: "PILOT_TEMPLATES", value: text, reason: error.reason)
            }
        }
        return file ?? []
    }

    static func reloadSignal(_ text: String) -> Int32? {
        guard let number = SignalName.number(of: text), reloadSignals.contains(number) else { return nil }
        return number
    }

    /// Whether pilot runs a Consul client agent of its own: only when `CONSUL_JOIN_ADDR` is set and the Consul
    /// address is pilot's to serve, that is the default (`127.0.0.1:8500`, no `CONSUL_ADDR` nor
    /// `CONSUL_HTTP_ADDR`) or one plain-HTTP loopback address given explicitly (`127.0.0.1:8600`,
    /// `localhost:8500`, `[::1]:8500`), where the agent listens with `-client HOST -http-port PORT`.
    /// Any other explicit address (a remote host, `https`, a list) names a Consul that is already there, so
    /// none is run: binding a local agent to a remote address would fail or, worse, shadow it.
    public var runsClientAgent: Bool {
        guard !settings.consulJoinAddresses.isEmpty else { return false }
        guard consul.addressVariable != nil else { return true }
        return consul.addresses.count == 1 && consul.addresses[0].scheme == .http && consul.addresses[0].isLoopback
    }

    /// The control socket's path unless one is given: the brief's, so its wrapper script (which removes a
    /// stale socket) works unchanged.
    public static let defaultControlSocket = "/var/run/containerpilot.socket"

    /// The ID of the service's TTL check in Consul.
    public var checkID: String { "service:\(settings.serviceID)" }
}

/// How log lines look.
public enum LogFormat: String, Sendable, Codable {
    /// `2026-11-25T07:16:53Z info pilot: registered service=main-h1`.
    case text
    /// One JSON object per line.
    case json
}
