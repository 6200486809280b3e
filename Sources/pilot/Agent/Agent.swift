import ConsulAPI
import DiscoveryModel
import Logging
import ServiceLifecycle

/// The agent: every long-running part of `pilot run` as a `Service` in one `ServiceGroup`.
///
/// Services shut down in reverse order of this list, which gives the order the brief needs: first the
/// registration (deregister, so callers stop sending traffic), then the managed service (stop signal,
/// then SIGKILL after the stop timeout), last pilot's own Consul client agent.
struct Agent {
    let configuration: AgentConfiguration
    let logger: Logger

    /// Runs until SIGTERM or SIGINT, or until the managed service ends for good.
    ///
    /// - Returns: the code pilot should exit with: the managed service's when it ended by itself, else 0.
    /// - Throws: ``SettingsError`` when the registration address cannot be resolved; errors of the group.
    func run() async throws -> Int32 {
        let settings = configuration.settings
        let environment = ProcessEnvironment.current
        _ = ChildProcesses.shared  // the reaper is in place before anything starts

        // Everything that can fail on bad settings is checked before anything starts.
        let address = try settings.registersService
            ? InterfaceAddresses.current().address(for: settings.serviceInterface) : nil
        if settings.runsClientAgent {
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

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        var client: ConsulClient?
        if settings.registersService || settings.runsClientAgent || !dependencies.isEmpty {
            var consul = configuration.consul
            // One long-poll connection per watch, and room for registration and checks beside them.
            consul.maximumConnectionsPerHost = max(consul.maximumConnectionsPerHost, dependencies.count + 16)
            client = try ConsulClient(configuration: consul, logger: logger)
        }
        if settings.runsClientAgent {
            let definition = ConsulClientAgentJob.definition(for: configuration, client: client)
            services.append(.init(service: JobSupervisor(
                definition: definition, handle: JobHandle(name: definition.name), baseEnvironment: environment,
                logger: logger)))
        }
        let mainJob = settings.serviceCommand.map { _ in JobHandle(name: "main") }
        let firstWrite = StartGate()
        if let client, !dependencies.isEmpty {
            services += discoveryServices(dependencies: dependencies, client: client, job: mainJob, firstWrite: firstWrite)
        } else {
            firstWrite.open()
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

        if let address, let client {
            services.append(.init(service: ServiceRegistration(
                configuration: configuration, address: address, client: client, job: mainJob, logger: logger)))
        }

        if services.isEmpty {
            logger.notice("nothing to do: no SERVICE_COMMAND, SERVICE_PORT or dependencies; waiting for SIGTERM")
            services.append(.init(service: IdleService()))
        }

        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [],
            logger: logger))
        do {
            try await group.run()
        } catch {
            try? await client?.shutdown()
            throw error
        }
        try? await client?.shutdown()
        return mainJob?.exitCode ?? 0
    }
}

extension Agent {
    /// The publisher of `services.json` and one watch per dependency, publisher first so that it shuts
    /// down after the watches.
    func discoveryServices(
        dependencies: [String], client: ConsulClient, job: JobHandle?, firstWrite: StartGate
    ) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let writer = ServicesFileWriter(path: configuration.servicesFile, inPlace: configuration.servicesFileInPlace)
        let previous = writer.currentBytes().flatMap { try? ServicesDocument(decoding: $0, path: configuration.servicesFile) }
        let (events, eventSink) = AsyncStream.makeStream(of: PublisherEvent.self)
        let publisher = ServicesPublisher(
            settings: .init(
                writer: writer, startupDeadline: configuration.startupDeadline,
                quietPeriod: configuration.mergeQuietPeriod, maximumDelay: configuration.mergeMaximumDelay,
                signal: configuration.settings.signalOnChange ? configuration.reloadSignal : nil,
                onChange: configuration.onChange, onChangeTimeout: .seconds(30)),
            initialState: DiscoveryState(
                dependencies: dependencies, keepLastKnown: configuration.keepLastKnown, previous: previous),
            events: events, eventSink: eventSink, job: job, firstWrite: firstWrite, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: publisher)]
        for dependency in dependencies {
            services.append(.init(service: DependencyWatch(
                dependency: dependency, consulName: configuration.settings.registeredName(ofDependency: dependency),
                client: client, events: eventSink, logger: logger)))
        }
        return services
    }
}

/// Waits for shutdown; keeps the group alive when pilot has nothing else to run.
struct IdleService: Service {
    func run() async throws {
        try? await gracefulShutdown()
    }
}
