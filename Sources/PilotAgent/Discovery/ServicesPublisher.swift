import DiscoveryModel
import Glibc
import Logging
import ServiceLifecycle

/// Keeps `services.json` true: gathers the watches' answers, writes the file (only when its bytes
/// change, atomically), then signals the managed service and runs the `--on-change` command.
///
/// The first write waits until every dependency has answered once, so the application never reads a
/// file with some missing, or until the start-up deadline, after which it is written with what is known
/// (a dependency that has not answered keeps its line of the previous file) and a warning. Later changes
/// go through a ``ChangeCoalescer``.
struct ServicesPublisher: Service {
    /// How the publisher writes and tells.
    struct Settings: Sendable {
        var writer: ServicesFileWriter
        var startupDeadline: Duration
        var quietPeriod: Duration
        var maximumDelay: Duration
        /// The signal to send the service after a write, or `nil` for none.
        var signal: Int32?
        /// A command to run after each write.
        var onChange: [String]?
        var onChangeTimeout: Duration
    }

    let settings: Settings
    let initialState: DiscoveryState
    /// The file's bytes when pilot started, so an identical first document is not written again.
    let onDisk: [UInt8]?
    let events: AsyncStream<PublisherEvent>
    let eventSink: AsyncStream<PublisherEvent>.Continuation
    /// The managed service, to signal after a write.
    let job: JobHandle?
    /// Opened after the first write; the managed service starts then.
    let firstWrite: StartGate
    /// Where the dependencies' state is shown.
    let status: AgentStatus
    let logger: Logger

    func run() async throws {
        let clock = ContinuousClock()
        let startupDeadline = clock.now + settings.startupDeadline
        let (deadlines, deadlineSink) = AsyncStream.makeStream(of: ContinuousClock.Instant.self)
        var state = initialState
        var coalescer = ChangeCoalescer(quietPeriod: settings.quietPeriod, maximumDelay: settings.maximumDelay)
        var lastWritten = onDisk
        // When the oldest answer not yet in the file arrived, for the propagation delay.
        var unwrittenSince: ContinuousClock.Instant?
        if state.dependencies.isEmpty { firstWrite.open() }
        status.setDependencies(state.dependencies)

        await withTaskGroup(of: Void.self) { group in
            group.addTask { [eventSink] in
                // Wakes the publisher at each deadline it asks for; a stale wake-up is harmless.
                for await deadline in deadlines {
                    try? await Task.sleep(until: deadline, clock: .continuous)
                    if Task.isCancelled { return }
                    eventSink.yield(.timer)
                }
            }
            deadlineSink.yield(startupDeadline)

            func publish(reason: String) {
                let bytes = Array(state.document.encoded().utf8)
                defer { firstWrite.open() }
                guard bytes != lastWritten else {
                    logger.debug("services.json unchanged", metadata: ["reason": "\(reason)"])
                    return
                }
                do {
                    try settings.writer.write(bytes)
                } catch {
                    logger.error("\(error)")
                    return
                }
                lastWritten = bytes
                PilotMetrics.servicesFileWritten()
                if let unwrittenSince { PilotMetrics.propagationDelay(clock.now - unwrittenSince) }
                unwrittenSince = nil
                logger.info("wrote services.json", metadata: ["path": "\(settings.writer.path)", "reason": "\(reason)"])
                if let signal = settings.signal, let job, job.signal(signal) {
                    PilotMetrics.signalSent(SignalName.name(of: signal))
                    logger.info("sent \(SignalName.name(of: signal)) to the service")
                }
                if let onChange = settings.onChange {
                    group.addTask { [settings, logger] in
                        let result = await TimedCommand(
                            arguments: onChange, timeout: settings.onChangeTimeout, environment: ProcessEnvironment.current
                        ).run()
                        if !result.passed { logger.warning("on-change command failed: \(result.output)") }
                    }
                }
            }

            for await event in events.cancelOnGracefulShutdown() {
                let now = clock.now
                switch event {
                case .dependencies(let dependencies, let keepLastKnown):
                    state.setDependencies(dependencies, keepLastKnown: keepLastKnown)
                    status.setDependencies(dependencies)
                    // Removed keys go at once; added ones are written with their first answer.
                    if state.isComplete { publish(reason: "dependencies reloaded") }
                case .update(let dependency, let instances, let receivedAt):
                    guard state.dependencies.contains(dependency) else { continue }
                    PilotMetrics.instances(instances.count, of: dependency)
                    guard state.record(instances, for: dependency) || !firstWrite.isOpen else { continue }
                    status.setInstances(instances.map(\.description), of: dependency)
                    if unwrittenSince == nil { unwrittenSince = receivedAt }
                    if !firstWrite.isOpen {
                        if state.isComplete { publish(reason: "every dependency answered") }
                        continue
                    }
                    switch coalescer.changed(at: now) {
                    case .writeNow: publish(reason: "\(dependency) changed")
                    case .waitUntil(let deadline): deadlineSink.yield(deadline)
                    case .idle: break
                    }
                case .timer:
                    if !firstWrite.isOpen {
                        guard now >= startupDeadline else { continue }
                        let missing = state.unanswered.joined(separator: ", ")
                        logger.warning(
                            "no answer within \(DurationText.format(settings.startupDeadline)) for \(missing); writing what is known")
                        publish(reason: "start-up deadline")
                        continue
                    }
                    switch coalescer.timerFired(at: now) {
                    case .writeNow: publish(reason: "changes merged")
                    case .waitUntil(let deadline): deadlineSink.yield(deadline)
                    case .idle: break
                    }
                }
            }
            deadlineSink.finish()
            group.cancelAll()
        }
    }
}
