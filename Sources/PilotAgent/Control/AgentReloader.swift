import DiscoveryModel
import Logging
import Synchronization

/// `POST /v3/reload`: re-reads the configuration (file, with the same flags and environment on top), the
/// dependency file and the templates, then adds and removes dependency watches to match and renders the
/// templates anew, without touching the managed service. Dependencies, `keepLastKnown` and templates change
/// live; other settings need a restart, which is logged.
final class AgentReloader: Sendable {
    /// What a reload changed.
    struct Change: Sendable {
        var added: [String]
        var removed: [String]
        var dependencies: [String]
        /// The files the templates write now.
        var templates: [String] = []
    }

    private struct State {
        var dependencies: [String] = []
    }

    private let state = Mutex(State())
    private let resolve: @Sendable () throws -> AgentConfiguration
    private let setWatches: @Sendable (_ dependencies: [String]) async -> Void
    private let setTemplates: @Sendable (_ templates: [TemplateFiles.Loaded]) -> Void
    private let events: AsyncStream<PublisherEvent>.Continuation?
    private let logger: Logger

    /// - Parameters:
    ///   - resolve: resolves the configuration again, as at start-up.
    ///   - setWatches: makes the engine watch exactly these dependencies (the ones it already watches keep
    ///     their watch).
    ///   - setTemplates: makes these the rendered templates (read and parsed again).
    init(
        dependencies: [String],
        resolve: @escaping @Sendable () throws -> AgentConfiguration,
        setWatches: @escaping @Sendable ([String]) async -> Void,
        setTemplates: @escaping @Sendable ([TemplateFiles.Loaded]) -> Void = { _ in },
        events: AsyncStream<PublisherEvent>.Continuation?,
        logger: Logger
    ) {
        self.resolve = resolve
        self.setWatches = setWatches
        self.setTemplates = setTemplates
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
        // Read and parsed before anything changes: a bad template refuses the whole reload.
        let templates = try TemplateFiles.load(configuration.templates)
        let destinations = templates.map(\.definition.destination)
        guard !dependencies.isEmpty || events != nil else {
            setTemplates(templates)
            return Change(added: [], removed: [], dependencies: [], templates: destinations)
        }
        guard let events else {
            throw ReloadError(message: "pilot started without dependencies; watching some needs a restart")
        }
        setTemplates(templates)
        let (added, removed) = state.withLock { state in
            let added = dependencies.filter { !state.dependencies.contains($0) }
            let removed = state.dependencies.filter { !dependencies.contains($0) }
            state.dependencies = dependencies
            return (added, removed)
        }
        events.yield(.dependencies(dependencies, keepLastKnown: configuration.keepLastKnown))
        await setWatches(dependencies)
        logger.notice("reloaded", metadata: ["added": "\(added)", "removed": "\(removed)"])
        return Change(added: added, removed: removed, dependencies: dependencies, templates: destinations)
    }

    /// A reload that cannot be applied.
    struct ReloadError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
