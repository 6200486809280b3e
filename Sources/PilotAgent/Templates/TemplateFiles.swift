import ConsulAPI
import ConsulTemplate
import DiscoveryModel
import Glibc
import Logging
import NIOCore
import ServiceLifecycle

/// Renders files from the registry with consul-template templates, replacing consul-template beside pilot.
///
/// Each query a template makes is kept up to date by one blocking watch (``QueryWatch``), shared by every
/// template that makes it: an idle template costs Consul nothing. A file is written like `services.json`:
/// atomically, without following a link, only when its bytes change, and never from partial data (a render
/// while some query has no answer yet writes nothing, so a registry outage at start leaves the old file). A
/// watch that fails keeps its last answer, so an outage later changes nothing either. After a write the
/// template's command runs with `sh -c`, bounded by its timeout, its output logged; failures show in
/// `/v3/status` and the metrics.
final class TemplateFiles: Service, CustomStringConvertible {
    /// A template ready to render.
    struct Loaded: Sendable {
        var definition: TemplateDefinition
        var template: RegistryTemplate
    }

    private enum Input: Sendable {
        case answer(TemplateQuery, QueryAnswer, at: ContinuousClock.Instant)
        case wake
        /// A command of template `index` of the set `generation` ended.
        case commandFinished(generation: Int, index: Int, TimedCommand.Result)
        /// A reload: these templates from now on.
        case replace([Loaded])
    }

    private let initialTemplates: [Loaded]
    private let inputs: AsyncStream<Input>
    private let input: AsyncStream<Input>.Continuation
    private let client: ConsulClient
    private let serviceWatches: ServiceWatchHub
    private let status: AgentStatus?
    private let environment: [String: String]
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger

    var description: String { "TemplateFiles" }

    init(
        templates: [Loaded], client: ConsulClient, serviceWatches: ServiceWatchHub, status: AgentStatus?,
        environment: [String: String], logger: Logger
    ) {
        self.initialTemplates = templates
        (inputs, input) = AsyncStream.makeStream(of: Input.self, bufferingPolicy: .unbounded)
        self.client = client
        self.serviceWatches = serviceWatches
        self.status = status
        self.environment = environment
        self.eventLoopGroup = client.eventLoopGroup
        self.logger = logger
    }

    /// Reads and parses every template, so that a missing file or a syntax error stops pilot before anything
    /// starts.
    ///
    /// - Throws: ``SettingsError`` naming the template file, with the line and column of a syntax error.
    static func load(_ definitions: [TemplateDefinition]) throws(SettingsError) -> [Loaded] {
        var loaded: [Loaded] = []
        for definition in definitions {
            let source: SourceText
            do {
                source = try SourceText(contentsOfFile: definition.source)
            } catch {
                throw SettingsError(variable: "template", value: definition.source, reason: error.message)
            }
            do {
                let template = try RegistryTemplate(
                    name: definition.source, source: String(decoding: source.bytes, as: UTF8.self),
                    options: ConsulTemplateOptions(
                        leftDelimiter: definition.leftDelimiter, rightDelimiter: definition.rightDelimiter,
                        errorOnMissingKey: definition.errorOnMissingKey))
                loaded.append(Loaded(definition: definition, template: template))
            } catch {
                throw SettingsError(variable: "template", value: definition.source, reason: "\(error)")
            }
        }
        return loaded
    }

    /// Renders `templates` from now on instead (a reload): the watches still needed keep running and their
    /// answers are kept; every template renders at once; a file no template writes any more is left as it is.
    func replace(_ templates: [Loaded]) {
        input.yield(.replace(templates))
    }

    func run() async throws {
        let input = self.input
        await cancelWhenGracefulShutdown { [self] in
            await withTaskGroup(of: Void.self) { [self] group in
                var templates = initialTemplates
                var generation = 0
                func waits() -> [(minimum: Duration, maximum: Duration)] {
                    templates.map { ($0.definition.wait.minimum, $0.definition.wait.maximum) }
                }
                func freshEntries() -> [StatusSnapshot.Template] {
                    templates.map {
                        StatusSnapshot.Template(
                            source: $0.definition.source, destination: $0.definition.destination, renders: 0,
                            lastRender: nil, waitingFor: [], lastError: nil, commandFailures: 0,
                            lastCommandError: nil)
                    }
                }
                var state = TemplateRenderState(waits: waits())
                var watches: [TemplateQuery: Task<Void, Never>] = [:]
                var entries = freshEntries()
                var written: [[UInt8]?] = templates.map { Self.writer(for: $0.definition).currentBytes() }
                var commandRunning = Array(repeating: false, count: templates.count)
                var commandAgain = Array(repeating: false, count: templates.count)
                var wakeTimer: Task<Void, Never>?
                defer {
                    wakeTimer?.cancel()
                    for watch in watches.values { watch.cancel() }
                }

                func runCommand(_ index: Int) {
                    guard let command = templates[index].definition.command else { return }
                    if commandRunning[index] {
                        commandAgain[index] = true
                        return
                    }
                    commandRunning[index] = true
                    let timed = TimedCommand(
                        arguments: ["/bin/sh", "-c", command], timeout: templates[index].definition.commandTimeout,
                        environment: environment, eventLoopGroup: eventLoopGroup)
                    group.addTask { [generation] in
                        input.yield(.commandFinished(generation: generation, index: index, await timed.run()))
                    }
                }

                func renderDue() {
                    let now = ContinuousClock.now
                    let (due, wakeAt) = state.due(at: now)
                    for index in due {
                        let start = ContinuousClock.now
                        let loaded = templates[index]
                        let outcome = loaded.template.render(answers: state.answers, environment: environment)
                        var entry = entries[index]
                        entry.waitingFor = outcome.missing.map(\.description).sorted()
                        if let error = outcome.error {
                            if entry.lastError != "\(error)" {
                                logger.error("template failed: \(error)", metadata: metadata(templates[index]))
                            }
                            entry.lastError = "\(error)"
                            PilotMetrics.templateFailed(loaded.definition.destination)
                        } else if let text = outcome.text {
                            let bytes = Array(text.utf8)
                            if bytes != written[index] {
                                do {
                                    try Self.writer(for: loaded.definition).write(bytes)
                                    written[index] = bytes
                                    entry.renders += 1
                                    entry.lastRender = .now
                                    entry.lastError = nil
                                    PilotMetrics.templateRendered(loaded.definition.destination)
                                    logger.info("rendered", metadata: metadata(templates[index]))
                                    runCommand(index)
                                } catch {
                                    if entry.lastError != "\(error)" {
                                        logger.error("cannot write: \(error)", metadata: metadata(templates[index]))
                                    }
                                    entry.lastError = "\(error)"
                                    PilotMetrics.templateFailed(loaded.definition.destination)
                                }
                            } else {
                                entry.lastError = nil
                            }
                        }
                        state.rendered(index, queries: outcome.queries, from: start, to: ContinuousClock.now)
                        if entry != entries[index] {
                            entries[index] = entry
                            status?.record(.template(entry))
                        }
                    }
                    // Watches follow what the templates use now.
                    let needed = state.neededQueries
                    for (query, watch) in watches where !needed.contains(query) {
                        watch.cancel()
                        watches[query] = nil
                    }
                    for query in needed where watches[query] == nil {
                        let watch = QueryWatch(
                            query: query, client: client, serviceWatches: serviceWatches, logger: logger)
                        watches[query] = Task {
                            await watch.run { answer in input.yield(.answer(query, answer, at: .now)) }
                        }
                    }
                    wakeTimer?.cancel()
                    wakeTimer = wakeAt.map { instant in
                        Task {
                            try? await Task.sleep(until: instant, clock: .continuous)
                            if !Task.isCancelled { input.yield(.wake) }
                        }
                    }
                }

                for entry in entries { status?.record(.template(entry)) }
                state.started(at: .now)
                renderDue()
                for await next in inputs {
                    switch next {
                    case .answer(let query, let answer, let at):
                        guard state.answered(query, answer, at: at) else { continue }
                    case .wake:
                        break
                    case .replace(let replacement):
                        generation += 1
                        templates = replacement
                        state = TemplateRenderState(waits: waits(), answers: state.answers)
                        entries = freshEntries()
                        written = templates.map { Self.writer(for: $0.definition).currentBytes() }
                        commandRunning = Array(repeating: false, count: templates.count)
                        commandAgain = Array(repeating: false, count: templates.count)
                        status?.record(.templateDestinations(templates.map(\.definition.destination)))
                        for entry in entries { status?.record(.template(entry)) }
                        logger.notice("templates reloaded", metadata: ["count": "\(templates.count)"])
                        state.started(at: .now)
                    case .commandFinished(let finished, let index, let result):
                        // A command of a set a reload replaced: its outcome belongs to no template now.
                        guard finished == generation else { continue }
                        commandRunning[index] = false
                        var entry = entries[index]
                        for line in result.output.split(separator: "\n") {
                            logger.info("command: \(line)", metadata: metadata(templates[index]))
                        }
                        if result.passed {
                            entry.lastCommandError = nil
                        } else {
                            entry.commandFailures += 1
                            entry.lastCommandError = result.output
                            PilotMetrics.templateCommandFailed(templates[index].definition.destination)
                            logger.warning("command failed", metadata: metadata(templates[index]))
                        }
                        if entry != entries[index] {
                            entries[index] = entry
                            status?.record(.template(entry))
                        }
                        if commandAgain[index] {
                            commandAgain[index] = false
                            runCommand(index)
                        }
                        continue
                    }
                    renderDue()
                }
                group.cancelAll()
            }
        }
        input.finish()
    }

    private func metadata(_ loaded: Loaded) -> Logger.Metadata {
        ["template": "\(loaded.definition.source)", "destination": "\(loaded.definition.destination)"]
    }

    /// How a template's file is written: atomically, no link followed, parents created, its `perms` or the mode
    /// already there.
    static func writer(for definition: TemplateDefinition) -> ServicesFileWriter {
        var writer = ServicesFileWriter(
            path: definition.destination, inPlace: false, keepsExistingMode: true, createsDirectories: true)
        writer.mode = definition.permissions.map { mode_t($0) }
        return writer
    }
}
