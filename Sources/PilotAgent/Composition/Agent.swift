import ConsulAPI
import DiscoveryModel
public import Logging
import ServiceLifecycle
import UnixSignals

/// The agent: every long-running part of `pilot run` as a `Service` in one `ServiceGroup`.
///
/// Services shut down in reverse order of this list, which gives the order the brief needs: first the
/// control socket, then the registration (deregister, so callers stop sending traffic), then the managed
/// service (stop signal, then SIGKILL after the stop timeout), then the watches and the publisher, last
/// pilot's own Consul client agent. All network work runs on the Consul client's one event-loop thread.
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
        }
        let dependencies = try DependencySource.dependencies(
            file: configuration.dependencyFile, service: settings.serviceName, logger: logger)
        if let socket = configuration.controlSocket {
            do {
                try ControlSocket.prepare(socket)
            } catch {
                throw SettingsError(variable: "control socket", value: socket, reason: error.description)
            }
        }

        var consul = configuration.consul
        // One long-poll connection per watch, and room for registration and checks beside them.
        consul.maximumConnectionsPerHost = max(consul.maximumConnectionsPerHost, dependencies.count + 16)
        let client = try ConsulClient(configuration: consul, logger: logger)
        let mainJob = settings.serviceCommand.map { _ in JobHandle(name: "main") }
        let status = AgentStatus(
            consulAddresses: consul.addresses.map(\.description),
            servicesFile: dependencies.isEmpty ? nil : configuration.servicesFile, job: mainJob)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []

        if configuration.runsClientAgent {
            let definition = ConsulClientAgentJob.definition(for: configuration, client: client)
            services.append(.init(service: JobSupervisor(
                definition: definition, handle: JobHandle(name: definition.name), baseEnvironment: environment,
                logger: logger)))
        }

        let firstWrite = StartGate()
        let discovery = Discovery(configuration: configuration, client: client, status: status, logger: logger)
        let (publisher, eventSink) = discovery.publisher(dependencies: dependencies, job: mainJob, firstWrite: firstWrite)
        let reloader = AgentReloader(
            dependencies: dependencies, resolve: resolve,
            makeWatch: { dependency, removal in discovery.watch(dependency, events: eventSink, removal: removal) },
            events: eventSink, logger: logger)
        services.append(.init(service: publisher))
        for dependency in dependencies {
            let removal = StartGate()
            reloader.register(watchOf: dependency, removal: removal)
            services.append(.init(
                service: discovery.watch(dependency, events: eventSink, removal: removal),
                successTerminationBehavior: .ignore))
        }

        if let command = settings.serviceCommand, let handle = mainJob {
            let definition = JobDefinition(
                name: "main", arguments: command, restartPolicy: configuration.restartPolicy,
                stopTimeout: configuration.stopTimeout)
            services.append(.init(
                service: JobSupervisor(
                    definition: definition, handle: handle, baseEnvironment: environment, startGate: firstWrite,
                    logger: logger),
                successTerminationBehavior: .gracefullyShutdownGroup,
                failureTerminationBehavior: .gracefullyShutdownGroup))
            services.append(.init(service: SignalForwarder(job: handle, logger: logger)))
        }

        var registrationControl: RegistrationControl?
        if let address, let port = settings.servicePort {
            let control = RegistrationControl()
            registrationControl = control
            status.setRegistration(name: settings.registeredName, id: settings.serviceID, address: address.description, port: port)
            services.append(.init(service: ServiceRegistration(
                configuration: configuration, address: address, client: client, job: mainJob, control: control,
                status: status, logger: logger)))
        }

        if let path = configuration.controlSocket {
            services.append(.init(service: ControlServer(
                path: path, mode: configuration.controlSocketGroup == nil ? 0o600 : 0o660,
                group: configuration.controlSocketGroup.flatMap(ControlSocket.groupID), status: status,
                registration: registrationControl, reloader: reloader, job: mainJob, metrics: Telemetry.registry,
                eventLoopGroup: client.eventLoopGroup, logger: logger)))
        }
        if let port = configuration.telemetryPort {
            services.append(.init(service: TelemetryServer(
                host: configuration.telemetryAddress, port: port, eventLoopGroup: client.eventLoopGroup, logger: logger)))
        }

        if services.count == 1 && dependencies.isEmpty && configuration.controlSocket == nil {
            logger.notice("nothing to do: no SERVICE_COMMAND, SERVICE_PORT, dependencies or control socket; waiting for SIGTERM")
            services.append(.init(service: IdleService()))
        }

        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [],
            logger: logger))
        reloader.attach(group)
        if registrationControl != nil, !dependencies.isEmpty {
            // The registration's connection is opened before the watches take theirs, in case Consul's
            // per-client connection limit refuses some of them.
            await client.openConnection()
        }
        do {
            try await group.run()
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
        return mainJob?.exitCode ?? 0
    }
}

/// Waits for shutdown; keeps the group alive when pilot has nothing else to run.
struct IdleService: Service {
    func run() async throws {
        try? await gracefulShutdown()
    }
}
