import ContainerPilotConfig

@testable import PilotAgent

/// Several ``JobMachine``s of one parsed configuration, with their published events routed to all of them in
/// publish order, as the hub will: enough of an engine to check how jobs act on each other, with no process,
/// timer or Consul. Processes start when asked and exit when the test says; timers fire when the test says.
struct ScriptedEngine {
    private(set) var machines: [String: JobMachine] = [:]
    /// The jobs in file order, the order in which broadcast inputs reach them.
    let names: [String]
    /// What happened, one line each: `app: start`, `app: publish stopping from app`, `app: exited 0`.
    private(set) var timeline: [String] = []
    /// The jobs whose process runs.
    private(set) var running: Set<String> = []
    private var pending: [EngineEvent] = []

    init(_ configuration: ContainerPilotConfiguration) {
        names = configuration.jobs.map(\.name)
        for job in configuration.jobs {
            machines[job.name] = JobMachine(
                job: job, preStopJobs: configuration.preStopJobs(of: job.name).map(\.name),
                fallbackStopTimeout: configuration.stopTimeout)
        }
    }

    /// Gives `input` to every job, in file order, delivering the events that follow after each.
    mutating func broadcast(_ input: JobInput) {
        for name in names { send(input, to: name) }
    }

    /// The process of job `name` exits with `status`.
    mutating func exit(_ name: String, status: Int32 = 0) {
        timeline.append("\(name): exited \(status)")
        send(.processExited(status: status), to: name)
    }

    /// Whether every job is done.
    var allFinished: Bool { machines.values.allSatisfy(\.isFinished) }

    /// Gives `input` to job `name`, then delivers every event published as a consequence, to every job.
    mutating func send(_ input: JobInput, to name: String) {
        apply(input, to: name)
        while !pending.isEmpty {
            let event = pending.removeFirst()
            for target in names { apply(.event(event), to: target) }
        }
    }

    private mutating func apply(_ input: JobInput, to name: String) {
        guard var machine = machines[name] else { return }
        let actions = machine.handle(input, at: .now)
        machines[name] = machine
        for action in actions {
            switch action {
            case .startProcess:
                timeline.append("\(name): start")
                running.insert(name)
                apply(.processStarted, to: name)
            case .terminateProcess:
                timeline.append("\(name): SIGTERM")
            case .killProcess:
                timeline.append("\(name): SIGKILL")
            case .publish(let event):
                timeline.append("\(name): publish \(event)")
                pending.append(event)
            case .deregister:
                timeline.append("\(name): deregister")
            case .finished:
                running.remove(name)
            case .armTimer, .cancelTimer, .runHealthCheck, .register, .reportHealth, .setMaintenance:
                break
            }
        }
    }
}
