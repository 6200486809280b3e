import ArgumentParser
import PilotAgent

/// The flags of `pilot run`. Each overrides its environment variable and configuration file key.
struct RunOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A JSON5 configuration file.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("How often ./ping runs and the TTL is refreshed (PILOT_CHECK_INTERVAL; default 5s).", valueName: "duration"))
    var checkInterval: String?

    @Option(help: ArgumentHelp("How long one ping may run before it is killed (PILOT_CHECK_TIMEOUT; default: the interval).", valueName: "duration"))
    var checkTimeout: String?

    @Option(name: .customLong("check-ttl"), help: ArgumentHelp("The Consul check's TTL (PILOT_CHECK_TTL; default 2 x interval + 1s).", valueName: "duration"))
    var checkTTL: String?

    @Option(help: ArgumentHelp("The health command, run in the working directory (PILOT_PING; default ./ping).", valueName: "command"))
    var ping: String?

    @Option(help: ArgumentHelp("Let Consul deregister the service after it stayed critical this long (PILOT_DEREGISTER_CRITICAL_AFTER; at least 1m; default: never).", valueName: "duration"))
    var deregisterCriticalAfter: String?

    @Option(name: .customLong("tag"), help: ArgumentHelp("A tag to register; repeat for more (PILOT_TAGS, comma-separated).", valueName: "tag"))
    var tags: [String] = []

    @Option(name: .customLong("template"), help: ArgumentHelp("A file to render from the registry with a consul-template template, and the command to run after it changed; repeat for more (PILOT_TEMPLATES, separated by ;).", valueName: "src:dest[:command]"))
    var templates: [String] = []

    @Option(help: ArgumentHelp("Metadata to register, key=value; repeat for more (PILOT_META, comma-separated).", valueName: "key=value"))
    var meta: [String] = []

    @Option(help: ArgumentHelp("When to restart the service after it exits: never, on-failure, always (PILOT_RESTART; default on-failure).", valueName: "policy"))
    var restart: String?

    @Option(help: ArgumentHelp("How long the service may take to stop before it is killed (PILOT_STOP_TIMEOUT; default 5s).", valueName: "duration"))
    var stopTimeout: String?

    @Option(help: ArgumentHelp("The dependency file (PILOT_DEPENDENCIES; default serviceDependencies.json).", valueName: "file"))
    var dependencies: String?

    @Option(help: ArgumentHelp("The file of dependency addresses (PILOT_SERVICES_FILE; default /etc/containerpilot/services.json).", valueName: "file"))
    var servicesFile: String?

    @Flag(help: "Rewrite services.json in place (truncate and write under flock) instead of replacing it; for a file bind-mounted into another container (PILOT_SERVICES_FILE_IN_PLACE).")
    var servicesFileInPlace = false

    @Option(help: ArgumentHelp("How long the first services.json waits for every dependency to answer (PILOT_STARTUP_DEADLINE; default 10s).", valueName: "duration"))
    var startupDeadline: String?

    @Option(help: ArgumentHelp("Dependency changes closer together than this are merged into one write (PILOT_MERGE_QUIET_PERIOD; default 50ms; 0 turns merging off).", valueName: "duration"))
    var mergeQuietPeriod: String?

    @Option(name: .customLong("merge-max-delay"), help: ArgumentHelp("The longest a merged change waits (PILOT_MERGE_MAX_DELAY; default 1s).", valueName: "duration"))
    var mergeMaximumDelay: String?

    @Option(help: ArgumentHelp("Keep this dependency's last non-empty list when none is healthy; repeat, or * for all (PILOT_KEEP_LAST_KNOWN, comma-separated).", valueName: "dependency"))
    var keepLastKnown: [String] = []

    @Option(help: ArgumentHelp("The signal sent to the service when services.json changes and SERVICE_SIGNAL_CHANGED is set (PILOT_RELOAD_SIGNAL; default SIGHUP).", valueName: "signal"))
    var reloadSignal: String?

    @Option(help: ArgumentHelp("A command run after each write of services.json (PILOT_ON_CHANGE).", valueName: "command"))
    var onChange: String?

    @Option(help: ArgumentHelp("Data directory of pilot's own Consul client agent (PILOT_CONSUL_AGENT_DATA_DIR; default /var/lib/pilot/consul).", valueName: "dir"))
    var consulAgentDataDir: String?

    @Option(help: ArgumentHelp("More arguments for pilot's own Consul client agent, e.g. \"-encrypt KEY\" (PILOT_CONSUL_AGENT_ARGS).", valueName: "args"))
    var consulAgentArgs: String?

    @Option(help: ArgumentHelp("The control socket, or off (PILOT_CONTROL_SOCKET; default /var/run/containerpilot.socket).", valueName: "path"))
    var controlSocket: String?

    @Option(help: ArgumentHelp("A group that may use the control socket too (mode 0660 instead of 0600) (PILOT_CONTROL_SOCKET_GROUP).", valueName: "group"))
    var controlSocketGroup: String?

    @Option(help: ArgumentHelp("Serve Prometheus metrics on this TCP port (TELEMETRY_PORT; default: none).", valueName: "port"))
    var telemetryPort: String?

    @Option(help: ArgumentHelp("The address the metrics port binds (TELEMETRY_ADDRESS; default 0.0.0.0).", valueName: "address"))
    var telemetryAddress: String?

    @Option(help: ArgumentHelp("trace, debug, info, notice, warning, error or critical (LOG_LEVEL; default info).", valueName: "level"))
    var logLevel: String?

    @Option(help: ArgumentHelp("text or json (LOG_FORMAT; default text).", valueName: "format"))
    var logFormat: String?

    /// The flags as the agent library takes them.
    var flags: RunFlags {
        var flags = RunFlags()
        flags.config = config
        flags.checkInterval = checkInterval
        flags.checkTimeout = checkTimeout
        flags.checkTTL = checkTTL
        flags.ping = ping
        flags.deregisterCriticalAfter = deregisterCriticalAfter
        flags.tags = tags
        flags.meta = meta
        flags.templates = templates
        flags.restart = restart
        flags.stopTimeout = stopTimeout
        flags.dependencies = dependencies
        flags.servicesFile = servicesFile
        flags.servicesFileInPlace = servicesFileInPlace
        flags.startupDeadline = startupDeadline
        flags.mergeQuietPeriod = mergeQuietPeriod
        flags.mergeMaximumDelay = mergeMaximumDelay
        flags.keepLastKnown = keepLastKnown
        flags.reloadSignal = reloadSignal
        flags.onChange = onChange
        flags.consulAgentDataDir = consulAgentDataDir
        flags.consulAgentArgs = consulAgentArgs
        flags.controlSocket = controlSocket
        flags.controlSocketGroup = controlSocketGroup
        flags.telemetryPort = telemetryPort
        flags.telemetryAddress = telemetryAddress
        flags.logLevel = logLevel
        flags.logFormat = logFormat
        return flags
    }
}
