import DiscoveryModel
import Glibc
import Logging
import NIOCore
import ServiceLifecycle

/// Keeps `services.json` true: gathers the watches' answers, writes the file (only when its bytes
/// change, atomically), then signals the managed service and runs the `--on-change` command.
///
/// The first write waits until every dependency has answered once, so the application never reads a
/// file with some missing, or until the start-up deadline, after which it is written with what is known
/// (a dependency that has not answered keeps its line of the previous file) and a warning. Later changes
/// are merged; a failed write is retried until the file is right; a file deleted or changed by someone else
/// is written again. Every one of these decisions is ``PublisherState``'s; this shell only acts on them and
/// keeps one ``PublisherTimer`` armed for the next.
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
        /// Where the command's output is read (pilot's one event loop).
        var eventLoopGroup: any EventLoopGroup
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
        let timer = PublisherTimer(events: eventSink)
        var state = initialState
        var schedule = PublisherState(
            startedAt: clock.now,
            timing: .init(
                startupDeadline: settings.startupDeadline, quietPeriod: settings.quietPeriod,
                maximumDelay: settings.maximumDelay))
        // What the file holds as far as pilot knows, its stamp, and what the service was last told about.
        var lastWritten = onDisk
        var lastStamp = onDisk == nil ? nil : settings.writer.currentStamp()
        var lastAnnounced = onDisk
        // When the oldest answer not yet in the file arrived, for the propagation delay.
        var unwrittenSince: ContinuousClock.Instant?
        status.setDependencies(state.dependencies)
        schedule.everyDependencyAnswered = state.isComplete
        if state.dependencies.isEmpty {
            // Nothing to discover: no file is written until a reload adds a dependency.
            schedule.firstWriteNotNeeded()
            firstWrite.open()
        }

        await withTaskGroup(of: Void.self) { group in
            func publish(_ reason: PublisherState.Reason) {
                let start = clock.now
                let bytes = Array(state.document.encoded().utf8)
                defer { firstWrite.open() }
                if reason == .startupDeadline {
                    let missing = state.unanswered.joined(separator: ", ")
                    let deadline = DurationText.format(settings.startupDeadline)
                    logger.warning("no answer within \(deadline) for \(missing); writing what is known")
                }
                // A repair writes even the same bytes: the file on disk is what differs.
                guard bytes != lastWritten || reason == .repair || reason == .retry else {
                    logger.debug("services.json unchanged", metadata: ["reason": "\(reason)"])
                    schedule.wrote(from: start, to: clock.now)
                    unwrittenSince = nil
                    return
                }
                do {
                    lastStamp = try settings.writer.write(bytes)
                } catch {
                    let isNew = schedule.writeFailed(
                        from: start, to: clock.now, error: "\(error)", jitter: Double.random(in: 0.5...1))
                    if isNew {
                        logger.error("\(error); retrying until it succeeds")
                    } else {
                        logger.debug("\(error)", metadata: ["attempt": "\(schedule.failures)"])
                    }
                    return
                }
                if let failures = schedule.wrote(from: start, to: clock.now) {
                    logger.notice(
                        "services.json written again",
                        metadata: ["path": "\(settings.writer.path)", "failedAttempts": "\(failures)"])
                }
                lastWritten = bytes
                PilotMetrics.servicesFileWritten()
                if let unwrittenSince { PilotMetrics.propagationDelay(clock.now - unwrittenSince) }
                unwrittenSince = nil
                logger.info("wrote services.json", metadata: ["path": "\(settings.writer.path)", "reason": "\(reason)"])
                guard bytes != lastAnnounced else { return }
                lastAnnounced = bytes
                if let signal = settings.signal, let job, job.signal(signal) {
                    PilotMetrics.signalSent(SignalName.name(of: signal))
                    logger.info("sent \(SignalName.name(of: signal)) to the service")
                }
                if let onChange = settings.onChange {
                    group.addTask { [settings, logger] in
                        let result = await TimedCommand(
                            arguments: onChange, timeout: settings.onChangeTimeout,
                            environment: ProcessEnvironment.current, eventLoopGroup: settings.eventLoopGroup
                        ).run()
                        if !result.passed { logger.warning("on-change command failed: \(result.output)") }
                    }
                }
            }

            /// Whether the file still holds what was last written: the same stamp, or (touched, copied back) the
            /// same bytes.
            func fileMatches() -> Bool {
                let stamp = settings.writer.currentStamp()
                if stamp != nil && stamp == lastStamp { return true }
                guard let stamp, let lastWritten, settings.writer.currentBytes() == lastWritten else { return false }
                lastStamp = stamp
                return true
            }

            /// Acts on every decision due now, then sleeps until the next one.
            func act() {
                while true {
                    let now = clock.now
                    switch schedule.decision(at: now) {
                    case .write(let reason): publish(reason)
                    case .check:
                        let matches = fileMatches()
                        if !matches { logger.warning("services.json was changed or removed; writing it again") }
                        schedule.checked(at: clock.now, matches: matches)
                    case .waitUntil(let deadline):
                        timer.arm(deadline)
                        return
                    case .idle:
                        timer.disarm()
                        return
                    }
                }
            }

            act()
            for await event in events.cancelOnGracefulShutdown() {
                switch event {
                case .dependencies(let dependencies, let keepLastKnown):
                    state.setDependencies(dependencies, keepLastKnown: keepLastKnown)
                    status.setDependencies(dependencies)
                    schedule.everyDependencyAnswered = state.isComplete
                    // Removed keys go at once; added ones are written with their first answer.
                    if state.isComplete && schedule.firstWriteDone { schedule.changed(at: clock.now) }
                case .update(let dependency, let instances, let receivedAt):
                    guard state.dependencies.contains(dependency) else { continue }
                    PilotMetrics.instances(instances.count, of: dependency)
                    guard state.record(instances, for: dependency) else {
                        // The first answer of each dependency counts for the start-up gate even if it says
                        // what the previous file said.
                        if !schedule.firstWriteDone { schedule.everyDependencyAnswered = state.isComplete }
                        break
                    }
                    status.setInstances(instances.map(\.description), of: dependency)
                    if unwrittenSince == nil { unwrittenSince = receivedAt }
                    schedule.everyDependencyAnswered = state.isComplete
                    schedule.changed(at: receivedAt)
                case .timer:
                    break
                }
                act()
            }
            timer.disarm()
            group.cancelAll()
        }
    }
}
