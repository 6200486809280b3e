import ContainerPilotConfig
import Glibc

/// One job as the engine runs it: ContainerPilot's job definition, and what the front end adds to it.
///
/// A ContainerPilot configuration gives the definition alone (every addition at its default). The environment
/// contract compiles to jobs with additions: a restart policy with backoff, a stop signal and a hook before it
/// (the Consul agent leaves its cluster), variables of its own, a gate before the first start (the application
/// waits for the first `services.json`), a ``JobHandle`` that the health verdict, the signal forwarder and the
/// status read, a health check whose verdict follows the process, and its own service IDs.
struct EngineJob: Sendable {
    /// ContainerPilot's definition (name, exec, when, restarts, timeouts, health, service).
    var configuration: JobConfiguration
    /// How exits lead to restarts.
    var restartRule: JobMachine.RestartRule = .containerPilot
    /// The signal that asks the process to stop.
    var stopSignal: Int32 = SIGTERM
    /// Runs before the stop signal is sent, bounded by the caller.
    var beforeStop: (@Sendable () async -> Void)?
    /// Variables of the job's own, over the engine's environment.
    var environment: [String: String] = [:]
    /// Opened when the job may start; until then its `when` is not considered.
    var startGate: StartGate?
    /// The read model the runner keeps up to date (start, exit, restarts, exit code) and whose variables
    /// (`/v3/environ` in the environment mode) go to each next start.
    var handle: JobHandle?
    /// Jobs that must be done before this one is asked to stop, when the engine stops.
    var stopsAfter: Set<String> = []
    /// When the health check runs besides every interval, and how its verdict is reached.
    var healthRule: JobMachine.HealthRule = .containerPilot
    /// The Consul side of the job's service when the front end names it itself (the environment contract's IDs);
    /// without it, a job with a service is registered under ContainerPilot's IDs.
    var registrar: JobRegistrar?
    /// Maintenance requests answered by this job's registration (the environment contract's control socket); a
    /// ContainerPilot configuration's maintenance is a global event instead.
    var maintenanceRequests: RegistrationControl?

    /// The job's name.
    var name: String { configuration.name }

    /// A job of a ContainerPilot configuration.
    init(_ configuration: JobConfiguration) {
        self.configuration = configuration
    }
}
