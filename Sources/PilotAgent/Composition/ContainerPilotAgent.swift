import ConsulAPI
public import ContainerPilotConfig
import DiscoveryModel
public import Logging
import ServiceLifecycle

/// The composition root for a ContainerPilot configuration: it compiles the file to an ``EnginePlan``, binds
/// the control socket and the telemetry port, and runs the ``Engine`` beside the control and telemetry servers
/// in one service group.
public struct ContainerPilotAgent {
    let path: String
    let configuration: ContainerPilotConfiguration
    let environment: [String: String]
    let logger: Logger

    /// An agent for `configuration`, read from `path` with `environment` (read again from both on reload).
    public init(
        path: String, configuration: ContainerPilotConfiguration, environment: [String: String], logger: Logger
    ) {
        self.path = path
        self.configuration = configuration
        self.environment = environment
        self.logger = logger
    }

    /// Runs until every job is done or `SIGTERM`/`SIGINT` stopped them; returns pilot's exit status.
    ///
    /// - Throws: ``SettingsError`` for what the configuration asks and the host cannot give (no address on a
    ///   job's interfaces, a busy telemetry port, an unusable control socket path); ``ConsulError`` for a bad
    ///   Consul setting.
    public func run() async throws -> Int32 {
        _ = ChildProcesses.shared  // the reaper is in place before anything starts
        let plan: EnginePlan
        do {
            plan = try EnginePlan(configuration, interfaces: .current())
        } catch {
            throw SettingsError(variable: "interfaces", value: path, reason: error.description)
        }
        let templates = try TemplateFiles.load(configuration.templates)
        let consul = try consulConfiguration()
        let client = try ConsulClient(configuration: consul, logger: logger)
        let listeners: Listeners
        do {
            listeners = try await bindListeners(plan, client: client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        let engineEnvironment = EngineEnvironment(base: environment)
        let path = path
        let status = AgentStatus(
            consulAddresses: consul.addresses.map(\.description), servicesFile: nil,
            job: nil)
        let serviceWatches = ServiceWatchHub(client: client)
        // Always there, so that a reload can add templates.
        let templateFiles = TemplateFiles(
            templates: templates, client: client, serviceWatches: serviceWatches, status: status,
            environment: environment, logger: logger)
        let engine = Engine(
            plan: plan,
            load: {
                // Rendered with the environment jobs get, -putenv's changes included, as ContainerPilot renders
                // it with its own environment, which -putenv changes.
                let configuration = try ContainerPilotConfigFile.load(
                    path: path, environment: engineEnvironment.snapshot)
                let plan = try EnginePlan(configuration, interfaces: .current())
                templateFiles.replace(try TemplateFiles.load(configuration.templates))
                return plan
            },
            client: client, environment: engineEnvironment, status: status, serviceWatches: serviceWatches,
            logger: logger)
        // The collectors of telemetry.metrics, fed by -putmetric and POST /v3/metric, shown at /metrics.
        let configuredMetrics = configuration.telemetry.map { ConfiguredMetrics($0.metrics) }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .part(engine),
            .init(service: ConsulReachabilityFeed(client: client, status: status),
                  successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore),
        ]
        services.append(.part(templateFiles))
        if let listener = listeners.control {
            services.append(.part(ControlServer(
                listener: listener, status: status, target: engine, metrics: Telemetry.registry, logger: logger,
                configuredMetrics: configuredMetrics)))
        }
        if let listener = listeners.telemetry {
            services.append(.part(TelemetryServer(
                listener: listener, logger: logger, configuredMetrics: configuredMetrics)))
        }
        let group = AgentServiceGroup.make(
            services, gracefulShutdownLimit: Self.gracefulShutdownLimit(plan), logger: logger)
        try await AgentServiceGroup.run(group, closing: client)
        return engine.exitStatus
    }

    /// The longest a stop can take: jobs stop in dependency order, so along the longest chain of dependents each
    /// job's wait for its pre-stop jobs and then for its process (each its stop timeout), then the post-stop and
    /// shutdown jobs' time (the global stop timeout) and a margin; after that the group cancels and every process
    /// group is killed.
    static func gracefulShutdownLimit(_ plan: EnginePlan) -> Duration {
        let jobs = Dictionary(plan.jobs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var memo: [String: Duration] = [:]
        func chain(_ name: String, visiting: Set<String>) -> Duration {
            if let known = memo[name] { return known }
            guard let job = jobs[name], !visiting.contains(name) else { return .zero }
            let own = job.configuration.stopTimeout > .zero ? job.configuration.stopTimeout : plan.stopTimeout
            let before = job.stopsAfter.map { chain($0, visiting: visiting.union([name])) }.max() ?? .zero
            memo[name] = own * 2 + before
            return own * 2 + before
        }
        let longest = plan.jobs.map { chain($0.name, visiting: []) }.max() ?? .zero
        return longest + plan.stopTimeout + .seconds(10)
    }

    /// Consul's settings: the environment's (`CONSUL_HTTP_TOKEN`, TLS files, as ContainerPilot's Consul client
    /// reads them), overridden by the configuration's `consul`.
    func consulConfiguration() throws -> ConsulConfiguration {
        var consul = try ConsulConfiguration.fromEnvironment(environment)
        let connection = configuration.consul
        if let address = connection.address {
            let scheme: ConsulAddress.Scheme = connection.scheme == .https ? .https : .http
            consul.addresses = [try ConsulAddress(parsing: address, defaultScheme: scheme)]
            consul.addressVariable = nil
        }
        if let token = connection.token { consul.token = ConsulToken(token) }
        let tls = connection.tls
        if let caFile = tls.caFile { consul.tls.caFile = caFile }
        if let caPath = tls.caPath { consul.tls.caPath = caPath }
        if let certificate = tls.clientCertificate { consul.tls.clientCertificateFile = certificate }
        if let key = tls.clientKey { consul.tls.clientKeyFile = key }
        if let serverName = tls.serverName { consul.tls.serverName = serverName }
        if let verify = tls.verify { consul.tls.verifyServerCertificate = verify }
        // One long-poll connection per watch (room for 16 per template), and room for registrations and checks.
        consul.maximumConnectionsPerHost = max(
            consul.maximumConnectionsPerHost, configuration.watches.count + configuration.templates.count * 16 + 16)
        return consul
    }

    private func bindListeners(_ plan: EnginePlan, client: ConsulClient) async throws -> Listeners {
        var listeners = Listeners()
        let socketPath = plan.controlSocketPath ?? ContainerPilotConfiguration.defaultControlSocketPath
        do {
            try ControlSocket.prepare(socketPath)
            listeners.control = try await HTTPListener.bind(
                .unix(path: socketPath), eventLoopGroup: client.eventLoopGroup, mode: 0o600, group: nil)
        } catch {
            throw SettingsError(variable: "control.socket", value: socketPath, reason: "\(error)")
        }
        if let telemetry = plan.telemetry, let address = plan.addresses[EnginePlan.telemetryJobName] {
            do {
                listeners.telemetry = try await HTTPListener.bind(
                    .tcp(host: address.description, port: telemetry.port), eventLoopGroup: client.eventLoopGroup)
            } catch {
                await listeners.control?.close()
                throw SettingsError(
                    variable: "telemetry.port", value: "\(address):\(telemetry.port)", reason: error.reason)
            }
        }
        return listeners
    }
}
