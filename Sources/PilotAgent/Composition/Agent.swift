import ConsulAPI
import ContainerPilotConfig
import DiscoveryModel
public import Logging
import ServiceLifecycle
import UnixSignals

/// The agent: every long-running part of `pilot run` as a `Service` in one `ServiceGroup`.
///
/// The environment contract compiles to an ``EnginePlan``: the application's job (`SERVICE_COMMAND`, its restart
/// policy, and the registration with the health check whose verdict follows the process), the Consul client
/// agent's job, and a watch per dependency feeding the `services.json` publisher.
///
/// Services shut down in reverse order of this list: the control socket, the publisher, then the engine, which
/// stops in the order the brief needs: the application's job deregisters (so callers stop sending traffic), then
/// its process gets the stop signal (SIGKILL after the stop timeout); pilot's own Consul client agent leaves
/// last. All network work runs on the Consul client's one event-loop thread.
public struct Agent {
    let configuration: AgentConfiguration
    /// Resolves the configuration again, for `POST /v3/reload`.
    let resolve: @Sendable () throws -> AgentConfiguration
    let logger: Logger

    /// An agent that runs `configuration`; `resolve` reads the configuration again for a reload.
    public init(
        configuration: AgentConfiguration, resolve: @escaping @Sendable () throws -> AgentConfiguration,
        logger: Logger
    ) {
        self.configuration = configuration
        self.resolve = resolve
        self.logger = logger
    }

    /// Runs until SIGTERM or SIGINT, or until the managed service ends for good.
    ///
    /// - Returns: the code pilot should exit with: the managed service's when it ended by itself, else 0.
    /// - Throws: ``SettingsError`` or ``DependencyFileError`` for settings found wrong before anything
    ///   started; errors of the group.
    public func run() async throws -> Int32 {
        let settings = configuration.settings
        let environment = ProcessEnvironment.current
        _ = ChildProcesses.shared  // the reaper is in place before anything starts

        // Everything that can fail on bad settings is checked before anything starts.
        let address = try settings.registersService
            ? InterfaceAddresses.current().address(for: settings.serviceInterface) : nil
        if configuration.runsClientAgent {
            do {
                try FileSystem.createDirectories(configuration.consulAgentDataDirectory)
            } catch {
                throw SettingsError(
                    variable: "consul agent data dir", value: configuration.consulAgentDataDirectory,
                    reason: "cannot create \(error.path): \(error.reason)")
            }
            ConsulClientAgentJob.forgetPreviousRegistrations(in: configuration.consulAgentDataDirectory, logger: logger)
        }
        let templates = try TemplateFiles.load(configuration.templates)
        let dependencies = try DependencySource.dependencies(
            file: configuration.dependencyFile, service: settings.serviceName, logger: logger)
        var consul = configuration.consul
        // One long-poll connection per watch (a template's queries are not known before its first render: room
        // for 16 each), and room for registration and checks beside them.
        consul.maximumConnectionsPerHost = max(
            consul.maximumConnectionsPerHost, dependencies.count + templates.count * 16 + 16)
        let client = try ConsulClient(configuration: consul, logger: logger)
        // Every listener is bound before anything starts: a busy port or an unusable socket path stops
        // pilot here, with nothing to clean up, rather than inside a running group.
        let listeners: Listeners
        do {
            listeners = try await Listeners.bind(configuration, eventLoopGroup: client.eventLoopGroup)
        } catch {
            try? await client.shutdown()
            throw error
        }
        let mainJob = settings.serviceCommand.map { _ in JobHandle(name: Self.mainJobName) }
        let status = AgentStatus(
            consulAddresses: consul.addresses.map(\.description),
            servicesFile: dependencies.isEmpty ? nil : configuration.servicesFile, job: mainJob)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        let firstWrite = StartGate()
        // The environment contract compiles to engine jobs: the Consul agent (stopped after the application) and
        // the application, which starts after the first services.json and whose end ends pilot.
        var jobs: [EngineJob] = []
        if configuration.runsClientAgent {
            var agentJob = ConsulClientAgentJob.job(for: configuration, client: client)
            // The application deregisters through it: it leaves last.
            if settings.serviceCommand != nil || address != nil { agentJob.stopsAfter = [Self.mainJobName] }
            jobs.append(agentJob)
        }
        // The application's job carries the registration and its health check (a job without a process when
        // pilot registers a service it does not run).
        var registrationControl: RegistrationControl?
        if settings.serviceCommand != nil || address != nil {
            var job = EngineJob(JobConfiguration(
                name: Self.mainJobName, exec: settings.serviceCommand, stopTimeout: configuration.stopTimeout,
                rawLogging: true, location: SourceLocation(file: "SERVICE_COMMAND", line: 0, column: 0)))
            job.restartRule = .supervised(configuration.restartPolicy)
            job.startGate = firstWrite
            job.handle = mainJob
            if let address, let port = settings.servicePort {
                let control = RegistrationControl()
                registrationControl = control
                status.setRegistration(
                    name: settings.registeredName, id: settings.serviceID, address: address.description, port: port)
                job.register(
                    configuration: configuration, address: address, port: port, client: client, status: status,
                    logger: logger)
                job.maintenanceRequests = control
            }
            jobs.append(job)
        }
        // ... and each dependency to an engine watch whose answers feed the services.json publisher.
        let discovery = Discovery(configuration: configuration, client: client, status: status, logger: logger)
        let (publisher, eventSink) = discovery.publisher(
            dependencies: dependencies, job: mainJob, firstWrite: firstWrite)
        let watch: @Sendable (String) -> EngineWatch = { dependency in
            EngineWatch(name: dependency, service: settings.registeredName(ofDependency: dependency)) { instances in
                eventSink.yield(.update(dependency: dependency, instances: instances, receivedAt: .now))
            }
        }
        let shutdownTrigger = ShutdownTrigger()
        let engine = Engine(
            plan: EnginePlan(
                jobs: jobs, watches: dependencies.map(watch), stopTimeout: configuration.stopTimeout,
                endsWith: settings.serviceCommand == nil ? nil : Self.mainJobName),
            load: nil, shutdown: shutdownTrigger, client: client,
            environment: EngineEnvironment(base: environment, containerPilotVariables: false), status: status,
            serviceWatches: ServiceWatchHub(
                client: client, logger: logger,
                patience: configuration.runsClientAgent ? EngineJob.clientAgentPatience : .zero),
            logger: logger)
        // First in the group, so stopped last: after the registration has deregistered.
        services.append(.part(engine))
        // Always there, so that a reload can add templates.
        let templateFiles = TemplateFiles(
            templates: templates, client: client, serviceWatches: engine.serviceWatches, status: status,
            environment: environment, logger: logger)
        let reloader = AgentReloader(
            dependencies: dependencies, resolve: resolve,
            setWatches: { dependencies in await engine.setWatches(dependencies.map(watch)) },
            setTemplates: { templateFiles.replace($0) },
            events: eventSink, logger: logger)
        services.append(.part(publisher))
        services.append(.part(templateFiles))
        services.append(.init(service: ConsulReachabilityFeed(client: client, status: status),
                              successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore))

        if let handle = mainJob {
            services.append(.part(SignalForwarder(job: handle, logger: logger)))
        }

        if let listener = listeners.control {
            services.append(.part(ControlServer(
                listener: listener, status: status,
                target: EnvironmentModeControl(registration: registrationControl, reloader: reloader, job: mainJob),
                metrics: Telemetry.registry, logger: logger)))
        }
        if let listener = listeners.telemetry {
            services.append(.part(TelemetryServer(listener: listener, logger: logger)))
        }
        if jobs.isEmpty && dependencies.isEmpty && templates.isEmpty && registrationControl == nil
            && configuration.controlSocket == nil
        {
            logger.notice(
                "nothing to do: no SERVICE_COMMAND, SERVICE_PORT, dependencies or control socket; waiting for SIGTERM")
        }

        let group = AgentServiceGroup.make(services, gracefulShutdownLimit: gracefulShutdownLimit, logger: logger)
        shutdownTrigger.attach(group)
        if registrationControl != nil, !dependencies.isEmpty {
            // The registration's connection is opened before the watches take theirs, in case Consul's
            // per-client connection limit refuses some of them.
            await client.openConnection()
        }
        try await AgentServiceGroup.run(group, closing: client)
        return mainJob?.exitCode ?? 0
    }

    /// How long the group's graceful shutdown may take before the parts are cancelled: the service's stop
    /// timeout, and room for deregistering and for the Consul client agent to leave its cluster.
    /// The application's job name (`SERVICE_COMMAND`), in logs and status.
    static let mainJobName = "main"

    var gracefulShutdownLimit: Duration { configuration.stopTimeout * 2 + .seconds(10) }

    /// How long pilot may take to exit once shutdown began, whatever a part does.
    var shutdownLimit: Duration { gracefulShutdownLimit + .seconds(5) }
}

extension ServiceGroupConfiguration.ServiceConfiguration {
    /// A part of the agent: its end, by success or failure, shuts the whole agent down gracefully (a part
    /// that ends while the others run would leave pilot half alive).
    static func part(_ service: any Service) -> Self {
        .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup,
              failureTerminationBehavior: .gracefullyShutdownGroup)
    }

    /// A dependency watch: it ends by itself when a reload removes the dependency, which is no reason to stop.
}

/// Waits for shutdown; keeps the group alive when pilot has nothing else to run.
