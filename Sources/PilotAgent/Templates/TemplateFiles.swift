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
        /// A command (by its text) ended.
        case commandFinished(String, TimedCommand.Result)
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
        var destinations: Set<String> = []
        for definition in definitions {
            // Two templates writing one file would overwrite each other at every change.
            guard destinations.insert(definition.destination).inserted else {
                throw SettingsError(
                    variable: "template", value: definition.destination,
                    reason: "two templates write this file; give each its own destination")
            }
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
    /// Commands owed or running go on (they are known by their text).
    func replace(_ templates: [Loaded]) {
        input.yield(.replace(templates))
    }

    func run() async throws {
        let input = self.input
        await cancelWhenGracefulShutdown { [self] in
            await withTaskGroup(of: Void.self) { [self] group in
                var templates = initialTemplates
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
                var commands = TemplateCommandQueue()
                var wakeTimer: Task<Void, Never>?
                defer {
                    wakeTimer?.cancel()
                    for watch in watches.values { watch.cancel() }
                }

                func record(_ index: Int, _ entry: StatusSnapshot.Template) {
                    guard entry != entries[index] else { return }
                    entries[index] = entry
                    status?.record(.template(entry))
                }

                /// Starts the next command the queue holds, if none runs and no template still has a change to
                /// render: a command runs once every file of the change is written.
                func startCommand() {
                    guard !state.hasPendingRenders, let command = commands.next() else { return }
                    let timeout = templates.first { $0.definition.command == command }?.definition.commandTimeout
                        ?? TemplateDefinition.defaultCommandTimeout
                    let timed = TimedCommand(
                        arguments: ["/bin/sh", "-c", command], timeout: timeout, environment: environment,
                        eventLoopGroup: eventLoopGroup)
                    group.addTask { input.yield(.commandFinished(command, await timed.run())) }
                }

                func renderDue() {
                    let (due, _) = state.due(at: .now)
                    var changed: [String] = []
                    for index in due {
                        let start = ContinuousClock.now
                        let loaded = templates[index]
                        let outcome = loaded.template.render(answers: state.answers, environment: environment)
                        var entry = entries[index]
                        entry.waitingFor = outcome.missing.map(\.description).sorted()
                        var result = TemplateRenderState.PassResult.withheld
                        if outcome.wasCancelled {
                            // pilot is stopping: the render was abandoned, nothing to report.
                            result = .withheld
                        } else if let error = outcome.error {
                            if entry.lastError != "\(error)" {
                                logger.error("template failed: \(error)", metadata: metadata(loaded))
                            }
                            entry.lastError = "\(error)"
                            PilotMetrics.templateFailed(loaded.definition.destination)
                            result = .done
                        } else if let text = outcome.text {
                            let bytes = Array(text.utf8)
                            let writer = Self.writer(for: loaded.definition)
                            // Compared with the file on disk, not with what pilot wrote last: a file deleted or
                            // edited by hand is repaired at the next render.
                            if bytes != writer.currentBytes() {
                                do {
                                    try writer.write(bytes)
                                    entry.renders += 1
                                    entry.lastRender = .now
                                    entry.lastError = nil
                                    PilotMetrics.templateRendered(loaded.definition.destination)
                                    logger.info("rendered", metadata: metadata(loaded))
                                    if let command = loaded.definition.command { changed.append(command) }
                                    result = .done
                                } catch {
                                    if entry.lastError != "\(error)" {
                                        logger.error("cannot write: \(error)", metadata: metadata(loaded))
                                    }
                                    entry.lastError = "\(error)"
                                    PilotMetrics.templateFailed(loaded.definition.destination)
                                    result = .writeFailed
                                }
                            } else {
                                entry.lastError = nil
                                result = .done
                            }
                        }
                        state.rendered(index, queries: outcome.queries, from: start, to: .now, result: result)
                        record(index, entry)
                    }
                    state.passEnded()
                    // Every file of the change is written before a command runs (templates whose wait holds them
                    // back hold the commands too); a command shared by several templates runs once.
                    for command in changed { commands.request(command) }
                    startCommand()
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
                    wakeTimer = state.due(at: .now).wakeAt.map { instant in
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
                        templates = replacement
                        state = TemplateRenderState(waits: waits(), answers: state.answers)
                        // A file still written keeps its counts (the metrics keep counting too).
                        let previous = Dictionary(entries.map { ($0.destination, $0) }) { first, _ in first }
                        entries = freshEntries().map { entry in
                            guard var kept = previous[entry.destination] else { return entry }
                            kept.source = entry.source
                            return kept
                        }
                        status?.record(.templateDestinations(templates.map(\.definition.destination)))
                        for entry in entries { status?.record(.template(entry)) }
                        logger.notice("templates reloaded", metadata: ["count": "\(templates.count)"])
                        state.started(at: .now)
                    case .commandFinished(let command, let result):
                        commands.finished()
                        for line in result.output.split(separator: "\n") {
                            logger.info("command: \(line)", metadata: ["command": "\(command)"])
                        }
                        if !result.passed {
                            logger.warning("command failed", metadata: ["command": "\(command)"])
                        }
                        for index in templates.indices where templates[index].definition.command == command {
                            var entry = entries[index]
                            if result.passed {
                                entry.lastCommandError = nil
                            } else {
                                entry.commandFailures += 1
                                entry.lastCommandError = result.output
                                PilotMetrics.templateCommandFailed(templates[index].definition.destination)
                            }
                            record(index, entry)
                        }
                        startCommand()
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
            path: definition.destination, inPlace: false, keepsExistingMode: true, followsDirectoryLinks: true,
            createsDirectories: true)
        writer.mode = definition.permissions.map { mode_t($0) }
        return writer
    }
}
