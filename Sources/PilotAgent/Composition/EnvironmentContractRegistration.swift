import ConsulAPI
import ContainerPilotConfig
import DiscoveryModel
import Logging

extension EngineJob {
    /// How long after start the Consul client agent pilot runs may take to answer before failures are errors.
    static let clientAgentPatience = Duration.seconds(30)

    /// Gives the environment contract's application job its Consul registration: the service under
    /// `SERVICE_NAME` and `SERVICE_ID`, registered critical at once (it shows as starting) with a TTL check
    /// that `./ping` (or the process's liveness without it) keeps true every check interval, and whose verdict
    /// follows the process: critical at once when it exits, a restarted process without a health command
    /// passing only after it has run for one interval.
    mutating func register(
        configuration: AgentConfiguration, address: IPAddress, port: Int, client: ConsulClient, status: AgentStatus,
        logger: Logger
    ) {
        let settings = configuration.settings
        self.configuration.health = HealthCheckConfiguration(
            exec: configuration.ping, interval: configuration.checkInterval, ttl: configuration.checkTTL,
            timeout: configuration.checkTimeout, rawLogging: false)
        self.configuration.service = ServiceDefinition(
            port: port, tags: configuration.tags, initialStatus: .critical, meta: configuration.meta)
        healthRule = .followsProcess(settleTime: configuration.checkInterval)
        registrar = JobRegistrar(
            registration: AgentServiceRegistration(
                name: settings.registeredName, id: settings.serviceID, address: address.description, port: port,
                tags: configuration.tags, meta: configuration.meta,
                check: .ttl(
                    configuration.checkTTL, checkID: configuration.checkID, name: "\(settings.registeredName) health",
                    deregisterCriticalServiceAfter: configuration.deregisterCriticalAfter)),
            checkID: configuration.checkID, maximumBackoff: configuration.checkInterval, client: client,
            status: status,
            // The client agent pilot starts needs a moment before it listens and has joined: not an error.
            consulPatience: configuration.runsClientAgent ? Self.clientAgentPatience : .zero, logger: logger)
    }
}
