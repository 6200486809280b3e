import ContainerPilotConfig
import DiscoveryModel

/// What the engine runs, compiled from a configuration: its jobs (with the telemetry registration as a job of
/// its own, as ContainerPilot makes it), the address each service job registers with, its watches and the
/// global stop timeout.
struct EnginePlan: Sendable {
    /// The name of the job that keeps telemetry's `containerpilot` service registered.
    static let telemetryJobName = TelemetryConfiguration.serviceName

    /// The jobs, in the file's order.
    var jobs: [JobConfiguration]
    /// The address of each job that registers a service, by job name.
    var addresses: [String: IPAddress]
    /// The watches.
    var watches: [WatchConfiguration]
    /// The stop timeout of jobs that set none.
    var stopTimeout: Duration
    /// The configuration's control socket path.
    var controlSocketPath: String
    /// The telemetry settings, when the configuration has some.
    var telemetry: TelemetryConfiguration?

    /// Compiles `configuration`, resolving every service job's address among `interfaces`.
    ///
    /// - Throws: ``JobAddressError`` for the first job none of whose interfaces matches.
    init(_ configuration: ContainerPilotConfiguration, interfaces: InterfaceAddresses) throws(JobAddressError) {
        var jobs = configuration.jobs
        if let telemetry = configuration.telemetry {
            // ContainerPilot's fixed heartbeat: a 15 s TTL passed every 5 s while pilot runs.
            jobs.append(JobConfiguration(
                name: Self.telemetryJobName, exec: nil,
                health: HealthCheckConfiguration(
                    exec: nil, interval: .seconds(5), ttl: .seconds(15), timeout: .seconds(5), rawLogging: false),
                service: ServiceDefinition(port: telemetry.port, interfaces: telemetry.interfaces, tags: telemetry.tags),
                location: SourceLocation(file: "telemetry", line: 0, column: 0)))
        }
        var addresses: [String: IPAddress] = [:]
        for job in jobs {
            guard let service = job.service else { continue }
            addresses[job.name] = try JobAddress.resolve(service.interfaces, job: job.name, in: interfaces)
        }
        for job in jobs {
            preStopJobs[job.name] = configuration.preStopJobs(of: job.name).map(\.name)
        }
        self.jobs = jobs
        self.addresses = addresses
        self.watches = configuration.watches
        self.stopTimeout = configuration.stopTimeout
        self.controlSocketPath = configuration.controlSocketPath
        self.telemetry = configuration.telemetry
    }

    /// The names of the jobs that start on job `name`'s `stopping` event: its stop waits for them.
    func preStopJobs(of name: String) -> [String] {
        preStopJobs[name] ?? []
    }

    private var preStopJobs: [String: [String]] = [:]
}
