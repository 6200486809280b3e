/// The status as events built it: a pure fold, tested without I/O.
struct StatusReadModel: Sendable, Equatable {
    private(set) var registration: StatusSnapshot.Registration?
    private(set) var dependencies: [String: StatusSnapshot.Dependency] = [:]
    private(set) var dependencyOrder: [String] = []
    private(set) var reachable = true
    /// The last Consul error, until Consul answers again.
    private(set) var lastError: String?
    private(set) var jobs: [String: StatusSnapshot.Job] = [:]
    private(set) var jobOrder: [String] = []
    /// The templates by destination, in the order first seen.
    private(set) var templates: [StatusSnapshot.Template] = []

    /// Folds one event in.
    mutating func apply(_ event: StatusEvent) {
        switch event {
        case .registrationPlanned(let name, let id, let address, let port):
            registration = .init(
                name: name, id: id, address: address, port: port, registered: false, maintenance: false,
                check: "critical", checkOutput: "", checkUpdated: nil)
        case .registered(let registered):
            registration?.registered = registered
        case .maintenance(let on):
            registration?.maintenance = on
        case .checkReported(let status, let output, let at):
            registration?.check = status
            registration?.checkOutput = output
            registration?.checkUpdated = at
        case .dependencies(let names):
            dependencyOrder = names
            dependencies = dependencies.filter { names.contains($0.key) }
            for name in names where dependencies[name] == nil {
                dependencies[name] = .init(name: name, instances: [], lastChanged: nil)
            }
        case .instances(let dependency, let instances, let at):
            guard dependencyOrder.contains(dependency) else { return }
            dependencies[dependency] = .init(name: dependency, instances: instances, lastChanged: at)
        case .consul(let isReachable, let error):
            reachable = isReachable
            // Consul answered again: an old error no longer describes the link.
            lastError = isReachable ? nil : error
        case .job(let job):
            if jobs[job.name] == nil { jobOrder.append(job.name) }
            jobs[job.name] = job
        case .template(let template):
            if let index = templates.firstIndex(where: { $0.destination == template.destination }) {
                templates[index] = template
            } else {
                templates.append(template)
            }
        case .templateDestinations(let destinations):
            templates = templates.filter { destinations.contains($0.destination) }
        }
    }

    /// The dependencies in the order they were given.
    var orderedDependencies: [StatusSnapshot.Dependency] { dependencyOrder.compactMap { dependencies[$0] } }

    var orderedJobs: [StatusSnapshot.Job] { jobOrder.compactMap { jobs[$0] } }
}
