import DiscoveryModel
import Logging
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
        var dependencies: [String] = []
    }

    private let state = Mutex(State())
    private let resolve: @Sendable () throws -> AgentConfiguration
    private let setWatches: @Sendable (_ dependencies: [String]) async -> Void
    private let events: AsyncStream<PublisherEvent>.Continuation?
    private let logger: Logger

    /// - Parameters:
    ///   - resolve: resolves the configuration again, as at start-up.
    ///   - setWatches: makes the engine watch exactly these dependencies (the ones it already watches keep
    ///     their watch).
    init(
        dependencies: [String],
        resolve: @escaping @Sendable () throws -> AgentConfiguration,
        setWatches: @escaping @Sendable ([String]) async -> Void,
        events: AsyncStream<PublisherEvent>.Continuation?,
        logger: Logger
    ) {
        self.resolve = resolve
        self.setWatches = setWatches
        self.events = events
        self.logger = logger
        state.withLock { $0.dependencies = dependencies }
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
        let (added, removed) = state.withLock { state in
            let added = dependencies.filter { !state.dependencies.contains($0) }
            let removed = state.dependencies.filter { !dependencies.contains($0) }
            state.dependencies = dependencies
            return (added, removed)
        }
        events.yield(.dependencies(dependencies, keepLastKnown: configuration.keepLastKnown))
        await setWatches(dependencies)
        logger.notice("reloaded", metadata: ["added": "\(added)", "removed": "\(removed)"])
        return Change(added: added, removed: removed, dependencies: dependencies)
    }

    /// A reload that cannot be applied.
    struct ReloadError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
