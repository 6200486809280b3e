import Synchronization

/// The status read model of a running agent, for `GET /v3/status` and `pilot status`.
///
/// Parts do not write fields here: they record ``StatusEvent``s, which ``StatusReadModel`` folds, so the
/// status has one owner of its shape and the parts stay ignorant of it. Reads take one consistent snapshot.
/// The managed process's state is read from its ``JobHandle``, which the supervisor owns.
final class AgentStatus: Sendable {
    typealias Snapshot = StatusSnapshot

    private let model = Mutex(StatusReadModel())
    private let started = ContinuousClock.now
    let consulAddresses: [String]
    let servicesFile: String?
    /// The managed service, when pilot runs one.
    let job: JobHandle?

    init(consulAddresses: [String], servicesFile: String?, job: JobHandle?) {
        self.consulAddresses = consulAddresses
        self.servicesFile = servicesFile
        self.job = job
    }

    /// Records what happened.
    func record(_ event: StatusEvent) {
        model.withLock { $0.apply(event) }
    }

    /// The registration as it will be made.
    func setRegistration(name: String, id: String, address: String, port: Int) {
        record(.registrationPlanned(name: name, id: id, address: address, port: port))
    }

    /// Whether Consul holds the registration.
    func setRegistered(_ registered: Bool) { record(.registered(registered)) }

    /// Whether the service is in maintenance.
    func setMaintenance(_ maintenance: Bool) { record(.maintenance(maintenance)) }

    /// The last verdict Consul accepted.
    func setCheck(status: String, output: String) { record(.checkReported(status: status, output: output, at: .now)) }

    /// The dependencies watched, in order; their instances stay where known.
    func setDependencies(_ names: [String]) { record(.dependencies(names)) }

    /// A dependency's instances changed.
    func setInstances(_ instances: [String], of dependency: String) {
        record(.instances(dependency: dependency, instances, at: .now))
    }

    /// Everything, now.
    var snapshot: Snapshot {
        let process = job.map { job in
            Snapshot.Process(
                pid: job.pid, state: job.phase.rawValue, restarts: job.restarts,
                lastExit: job.lastTermination?.description)
        }
        let model = self.model.withLock { $0 }
        return Snapshot(
            version: PilotVersion.current,
            uptimeSeconds: Double((ContinuousClock.now - started).components.seconds),
            registration: model.registration, process: process,
            dependencies: model.orderedDependencies, jobs: model.orderedJobs, templates: model.templates,
            servicesFile: servicesFile,
            consul: .init(addresses: consulAddresses, reachable: model.reachable, lastError: model.lastError))
    }
}
