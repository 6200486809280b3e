import DiscoveryModel
import Logging
import ServiceLifecycle
import Synchronization

/// `POST /v3/reload`: re-reads the configuration (file, with the same flags and environment on top) and
/// the dependency file, then adds and removes dependency watches to match, without touching the managed
/// service. Dependencies and `keepLastKnown` change live; other settings need a restart, which is logged.
final class AgentReloader: Sendable {
    /// What a reload changed.
    struct Change: Sendable {
        var added: [String]
        var removed: [String]
        var dependencies: [String]
    }

    private struct State {
        var group: ServiceGroup?
        var removals: [String: StartGate] = [:]
        var dependencies: [String] = []
    }

    private let state = Mutex(State())
    private let resolve: @Sendable () throws -> AgentConfiguration
    private let makeWatch: @Sendable (_ dependency: String, _ removal: StartGate) -> DependencyWatch?
    private let events: AsyncStream<PublisherEvent>.Continuation?
    private let logger: Logger

    /// - Parameters:
    ///   - resolve: resolves the configuration again, as at start-up.
    ///   - makeWatch: a watch of one dependency, or `nil` when pilot has no Consul client for watches.
    init(
        dependencies: [String],
        resolve: @escaping @Sendable () throws -> AgentConfiguration,
        makeWatch: @escaping @Sendable (String, StartGate) -> DependencyWatch?,
        events: AsyncStream<PublisherEvent>.Continuation?,
        logger: Logger
    ) {
        self.resolve = resolve
        self.makeWatch = makeWatch
        self.events = events
        self.logger = logger
        state.withLock { $0.dependencies = dependencies }
    }

    /// The removal gate of a watch started with the agent.
    func register(watchOf dependency: String, removal: StartGate) {
        state.withLock { $0.removals[dependency] = removal }
    }

    /// The group new watches join.
    func attach(_ group: ServiceGroup) {
        state.withLock { $0.group = group }
    }

    /// Reloads.
    ///
    /// - Throws: ``SettingsError`` or ``DependencyFileError`` when the new configuration or file is bad;
    ///   nothing changes then.
    func reload() async throws -> Change {
        let configuration = try resolve()
        let dependencies = try DependencySource.dependencies(
            file: configuration.dependencyFile, service: configuration.settings.serviceName, logger: logger)
        guard !dependencies.isEmpty || events != nil else { return Change(added: [], removed: [], dependencies: []) }
        guard let events else {
            throw ReloadError(message: "pilot started without dependencies; watching some needs a restart")
        }
        let (added, removed, group) = state.withLock { state in
            let added = dependencies.filter { !state.dependencies.contains($0) }
            let removed = state.dependencies.filter { !dependencies.contains($0) }
            state.dependencies = dependencies
            return (added, removed, state.group)
        }
        for dependency in removed {
            state.withLock { $0.removals.removeValue(forKey: dependency) }?.open()
        }
        events.yield(.dependencies(dependencies, keepLastKnown: configuration.keepLastKnown))
        for dependency in added {
            let removal = StartGate()
            guard let watch = makeWatch(dependency, removal) else { continue }
            register(watchOf: dependency, removal: removal)
            await group?.addServiceUnlessShutdown(.removableWatch(watch))
        }
        logger.notice("reloaded", metadata: ["added": "\(added)", "removed": "\(removed)"])
        return Change(added: added, removed: removed, dependencies: dependencies)
    }

    /// A reload that cannot be applied.
    struct ReloadError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
