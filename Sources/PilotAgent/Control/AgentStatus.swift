import FoundationEssentials
import Synchronization

/// What the agent is doing, for `GET /v3/status` and `pilot status`: written by the parts that know,
/// read as one snapshot.
final class AgentStatus: Sendable {
    typealias Snapshot = StatusSnapshot

    private struct State {
        var registration: Snapshot.Registration?
        var dependencies: [String: Snapshot.Dependency] = [:]
        var dependencyOrder: [String] = []
        var reachable = true
        var lastError: String?
    }

    private let state = Mutex(State())
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

    /// The registration as it will be made.
    func setRegistration(name: String, id: String, address: String, port: Int) {
        state.withLock {
            $0.registration = .init(
                name: name, id: id, address: address, port: port, registered: false, maintenance: false,
                check: "critical", checkOutput: "", checkUpdated: nil)
        }
    }

    /// Whether Consul holds the registration.
    func setRegistered(_ registered: Bool) {
        state.withLock { $0.registration?.registered = registered }
    }

    /// Whether the service is in maintenance.
    func setMaintenance(_ maintenance: Bool) {
        state.withLock { $0.registration?.maintenance = maintenance }
    }

    /// The last verdict Consul accepted.
    func setCheck(status: String, output: String) {
        state.withLock {
            $0.registration?.check = status
            $0.registration?.checkOutput = output
            $0.registration?.checkUpdated = Date.now
        }
    }

    /// The dependencies watched, in order; their instances stay where known.
    func setDependencies(_ names: [String]) {
        state.withLock { state in
            state.dependencyOrder = names
            state.dependencies = state.dependencies.filter { names.contains($0.key) }
            for name in names where state.dependencies[name] == nil {
                state.dependencies[name] = .init(name: name, instances: [], lastChanged: nil)
            }
        }
    }

    /// A dependency's instances changed.
    func setInstances(_ instances: [String], of dependency: String) {
        state.withLock {
            $0.dependencies[dependency] = .init(name: dependency, instances: instances, lastChanged: Date.now)
        }
    }

    /// Whether the last call to Consul got an answer, and the last error when not.
    func setConsulReachable(_ reachable: Bool, error: String?) {
        state.withLock {
            $0.reachable = reachable
            if let error { $0.lastError = error }
        }
    }

    /// Everything, now.
    var snapshot: Snapshot {
        let process = job.map { job in
            Snapshot.Process(
                pid: job.pid, state: job.phase.rawValue, restarts: job.restarts,
                lastExit: job.lastTermination?.description)
        }
        return state.withLock { state in
            Snapshot(
                version: PilotVersion.current,
                uptimeSeconds: Double((ContinuousClock.now - started).components.seconds),
                registration: state.registration, process: process,
                dependencies: state.dependencyOrder.compactMap { state.dependencies[$0] },
                servicesFile: servicesFile,
                consul: .init(addresses: consulAddresses, reachable: state.reachable, lastError: state.lastError))
        }
    }
}
