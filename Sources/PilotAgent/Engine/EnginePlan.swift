import ContainerPilotConfig
import DiscoveryModel

/// What the engine runs, compiled by a front end: from a ContainerPilot configuration, its jobs (with the
/// telemetry registration as a job of its own, as ContainerPilot makes it), the address each service job
/// registers with, its watches and the global stop timeout; from the environment contract, the application and
/// the Consul agent as jobs (its watches and registration are parts of their own beside the engine).
struct EnginePlan: Sendable {
    /// The name of the job that keeps telemetry's `containerpilot` service registered.
    static let telemetryJobName = TelemetryConfiguration.serviceName

    /// The jobs, in the file's order.
    var jobs: [EngineJob]
    /// The address of each job that registers a service, by job name.
    var addresses: [String: IPAddress]
    /// The watches.
    var watches: [EngineWatch]
    /// The stop timeout of jobs that set none.
    var stopTimeout: Duration
    /// The configuration's control socket path (a ContainerPilot configuration's).
    var controlSocketPath: String?
    /// The telemetry settings, when the configuration has some.
    var telemetry: TelemetryConfiguration?
    /// The job whose end ends the engine (the others are stopped): the environment contract's application.
    /// Without one, the engine ends when every job is done, as ContainerPilot does.
    var endsWith: String?
    /// Whether the agent's `SIGHUP` and `SIGUSR2` are events jobs can start on (ContainerPilot's meaning); the
    /// environment contract forwards them to the application instead.
    var signalsAreEvents = true

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
                service: ServiceDefinition(
                    port: telemetry.port, interfaces: telemetry.interfaces, tags: telemetry.tags),
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
        self.jobs = jobs.map { job in
            var engineJob = EngineJob(job)
            engineJob.stopsAfter = Self.dependents(of: job.name, among: jobs)
            return engineJob
        }
        self.addresses = addresses
        self.watches = configuration.watches.map(EngineWatch.init)
        self.stopTimeout = configuration.stopTimeout
        self.controlSocketPath = configuration.controlSocketPath
        self.telemetry = configuration.telemetry
    }

    /// A plan of `jobs` and `watches`, with no addresses or telemetry, ending with job `endsWith`.
    init(jobs: [EngineJob], watches: [EngineWatch], stopTimeout: Duration, endsWith: String?) {
        self.jobs = jobs
        self.addresses = [:]
        self.watches = watches
        self.stopTimeout = stopTimeout
        self.endsWith = endsWith
        self.signalsAreEvents = false
    }

    /// The jobs that start on an event of job `name` other than its `stopping` and `stopped`: they depend on it,
    /// so at shutdown they are stopped first ("dependency order"); pre- and post-stop jobs are what its stop
    /// waits for or starts, not dependents.
    static func dependents(of name: String, among jobs: [JobConfiguration]) -> Set<String> {
        Set(jobs.filter { job in
            guard case .event(let code, from: .job(name), _, _) = job.trigger else { return false }
            return code != .stopping && code != .stopped && job.name != name
        }.map(\.name))
    }

    /// The names of the jobs that start on job `name`'s `stopping` event: its stop waits for them.
    func preStopJobs(of name: String) -> [String] {
        preStopJobs[name] ?? []
    }

    private var preStopJobs: [String: [String]] = [:]
}
