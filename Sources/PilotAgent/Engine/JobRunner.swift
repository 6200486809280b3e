import ConsulAPI
import ContainerPilotConfig
import DiscoveryModel
import Glibc
import Logging
import NIOCore
import Synchronization

/// The shell around one job's ``JobMachine``: it feeds the machine its inputs (hub events, the process's start
/// and exit, health check results, timers, the stop request) one at a time and carries out the actions it
/// answers with: spawning through ``ChildProcesses``, signalling the process group, arming timers, running the
/// health check, publishing on the hub and talking to Consul through a ``JobRegistrar``.
///
/// Inputs arrive on one unbounded stream, so none is dropped and the machine sees them in arrival order.
/// Cancellation (the service group's last resort) kills the job's process group and ends the run.
final class JobRunner: Sendable {
    /// What reaches the runner's loop.
    private enum Item: Sendable {
        /// An input for the machine.
        case input(JobInput)
        /// A health check's verdict (the machine hears whether it passed; Consul hears it whole).
        case checked(HealthVerdict)
        /// The registrar's retry is due.
        case registrationRetry
        /// A maintenance request to be answered once acted on (the environment contract's control socket).
        case maintenance(RequestChannel<RegistrationControl.MaintenanceRequest, Void>.Envelope)
    }

    /// The job as the engine runs it.
    let engineJob: EngineJob
    /// The job's definition.
    var job: JobConfiguration { engineJob.configuration }
    private let preStopJobs: [String]
    private let fallbackStopTimeout: Duration
    private let hub: EventHub<EngineEvent>
    private let environment: EngineEnvironment
    private let registrar: JobRegistrar?
    private let status: AgentStatus?
    /// Where a job's captured output is read (pilot's one event loop).
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let items: AsyncStream<Item>
    private let sink: AsyncStream<Item>.Continuation
    /// The running process, for the cancellation handler.
    private let process = Mutex<pid_t?>(nil)
    private let retiring = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)

    /// A runner for `job`; `registrar` is given when the job registers a service.
    init(
        job: EngineJob, preStopJobs: [String], fallbackStopTimeout: Duration, hub: EventHub<EngineEvent>,
        environment: EngineEnvironment, registrar: JobRegistrar?, status: AgentStatus? = nil,
        eventLoopGroup: any EventLoopGroup, logger: Logger
    ) {
        self.status = status
        self.eventLoopGroup = eventLoopGroup
        self.engineJob = job
        self.preStopJobs = preStopJobs
        self.fallbackStopTimeout = fallbackStopTimeout
        self.hub = hub
        self.environment = environment
        self.registrar = registrar
        var logger = logger
        logger[metadataKey: "job"] = "\(job.name)"
        self.logger = logger
        (items, sink) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .unbounded)
    }

    /// How long after a failed spawn the failure is reported (as exit status 127, a shell's "not found").
    static let spawnFailureDelay = Duration.seconds(1)

    /// Asks the job to stop (shutdown, or its removal by a reload); ``run(events:)`` returns once it is done.
    func requestStop() {
        stopping.store(true, ordering: .relaxed)
        sink.yield(Item.input(.stopRequested))
    }

    /// Whether the job was asked to stop.
    var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Tells the machine which jobs are its pre-stop jobs now (a reload added or removed some).
    func setPreStopJobs(_ names: [String]) {
        sink.yield(Item.input(.preStopJobsChanged(names)))
    }

    /// Gives the machine `event` as if the hub had published it (the engine catching a job up after a reload).
    func deliver(_ event: EngineEvent) {
        sink.yield(Item.input(.event(event)))
    }

    /// Asks the job to stop because a reload removed or changed it; ``isRetiring`` says so from then on.
    func retire() {
        retiring.store(true, ordering: .relaxed)
        requestStop()
    }

    /// Whether a reload asked the job to stop.
    var isRetiring: Bool { retiring.load(ordering: .relaxed) }

    /// Runs the job until its machine says it is finished, and returns whether the job's last process exit
    /// failed. `events` is the job's hub subscription, taken before any job of the engine started, so that no
    /// event published by an early job is missed.
    func run(events: AsyncStream<EngineEvent>) async -> Bool {
        let failed = await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { [sink] in
                    for await event in events { sink.yield(Item.input(.event(event))) }
                }
                if let gate = engineJob.startGate {
                    // The job registers and checks at once; its process starts once the gate opens.
                    group.addTask { [sink, logger] in
                        if !gate.isOpen { logger.info("waiting for the first services.json") }
                        await gate.wait()
                        sink.yield(Item.input(.gateOpened))
                    }
                }
                if let control = engineJob.maintenanceRequests {
                    group.addTask { [sink] in
                        for await envelope in control.channel.requests { sink.yield(.maintenance(envelope)) }
                    }
                }
                let failed = await loop(group: &group)
                group.cancelAll()
                return failed
            }
        } onCancel: {
            if let pid = process.withLock({ $0 }) { ChildProcesses.shared.signal(pid, SIGKILL, group: true) }
            sink.finish()
        }
        sink.finish()
        // Requests that came too late are answered: pilot is stopping.
        engineJob.maintenanceRequests?.channel.close()
        return failed
    }

    /// Feeds the machine and acts until it is finished; returns whether the last process exit failed.
    private func loop(group: inout TaskGroup<Void>) async -> Bool {
        var machine = JobMachine(
            job: job, preStopJobs: preStopJobs, fallbackStopTimeout: fallbackStopTimeout,
            restartRule: engineJob.restartRule, healthRule: engineJob.healthRule, gated: engineJob.startGate != nil)
        var starts = 0
        var registrar = registrar
        var timers: [JobTimer: Task<Void, Never>] = [:]
        var checkRunning = false
        var checkAgain = false
        var lastVerdict = HealthVerdict(status: .passing, output: "ok")
        var retryTimer: Task<Void, Never>?
        var lastExitFailed = false
        var lastExitStatus: Int32 = 0
        var reported: (JobMachine.Phase, JobMachine.Health, pid_t?)?
        defer {
            for timer in timers.values { timer.cancel() }
            retryTimer?.cancel()
        }

        var pending = [Item.input(.engineStarted)]
        var iterator = items.makeAsyncIterator()

        /// Runs the job's health check, or decides its verdict without running it; the verdict comes back as an
        /// item. One check at a time: a check asked for while one runs runs once more after it.
        func runCheck(_ group: inout TaskGroup<Void>) {
            guard let health = job.health else { return }
            let command = health.exec.map {
                TimedCommand(
                    arguments: $0, timeout: health.timeout, environment: processEnvironment,
                    eventLoopGroup: eventLoopGroup)
            }
            if case .followsProcess(let settleTime) = engineJob.healthRule {
                let state = engineJob.handle?.snapshot
                // A process that is not running is critical now, without waiting for (or running) a command.
                guard let ping = command, ping.exists, state.map({ $0.phase == .running }) ?? true else {
                    pending.append(.checked(HealthVerdict.decide(job: state, ping: nil, settleTime: settleTime)))
                    return
                }
                guard !checkRunning else {
                    checkAgain = true
                    return
                }
                checkRunning = true
                group.addTask { [sink, handle = engineJob.handle] in
                    let result = await ping.run()
                    PilotMetrics.checkDuration(result.duration)
                    let verdict = HealthVerdict.decide(job: handle?.snapshot, ping: result, settleTime: settleTime)
                    sink.yield(.checked(verdict))
                }
                return
            }
            guard !checkRunning, let check = command else { return }
            checkRunning = true
            group.addTask { [sink] in
                let result = await check.run()
                sink.yield(.checked(HealthVerdict(status: result.passed ? .passing : .critical, output: result.output)))
            }
        }

        while true {
            let input: JobInput
            var answer: RequestChannel<RegistrationControl.MaintenanceRequest, Void>.Envelope?
            let next: Item
            if !pending.isEmpty {
                next = pending.removeFirst()
            } else if let item = await iterator.next() {
                next = item
            } else {
                return lastExitFailed
            }
            switch next {
            case .input(let item):
                input = item
            case .checked(let verdict):
                lastVerdict = verdict
                input = .healthCheck(passed: verdict.status == .passing)
            case .registrationRetry:
                await registrar?.retryDue()
                armRetry(&registrar, &retryTimer)
                continue
            case .maintenance(let envelope):
                // Acted on as the global maintenance event is; answered with what Consul made of it.
                registrar?.maintenanceReason = envelope.request.reason
                input = .event(.event(envelope.request.on ? .enterMaintenance : .exitMaintenance, from: .global))
                answer = envelope
            }
            switch input {
            case .healthCheck:
                if case .checked = next, checkRunning {
                    checkRunning = false
                    if checkAgain {
                        checkAgain = false
                        runCheck(&group)
                    }
                }
            case .processExited(let status):
                lastExitFailed = status != 0
                lastExitStatus = status
            default:
                break
            }
            defer {
                let now = (machine.phase, machine.health, process.withLock { $0 })
                if let status, reported.map({ $0 != now }) ?? true {
                    reported = now
                    status.record(.job(Self.statusJob(job.name, now)))
                }
            }
            for action in machine.handle(input, at: .now) {
                switch action {
                case .startProcess:
                    starts += 1
                    if starts > 1 { engineJob.handle?.recordRestart() }
                    if let started = start() { pending.append(.input(started)) }
                case .terminateProcess:
                    if let beforeStop = engineJob.beforeStop, process.withLock({ $0 }) != nil { await beforeStop() }
                    signalProcess(engineJob.stopSignal)
                case .killProcess:
                    if isStopping {
                        let limit = DurationText.format(machine.stopTimeout)
                        logger.warning("did not stop within \(limit); killing its process group")
                    } else {
                        logger.warning("ran longer than its timeout; killing its process group")
                    }
                    signalProcess(SIGKILL)
                case .armTimer(.restartDelay, let instant):
                    logger.info("restarting", metadata: ["after": "\(DurationText.format(instant - .now))"])
                    arm(.restartDelay, at: instant, &timers)
                case .armTimer(let timer, let instant):
                    arm(timer, at: instant, &timers)
                case .cancelTimer(let timer):
                    timers.removeValue(forKey: timer)?.cancel()
                case .publish(let event):
                    logger.debug("event", metadata: ["event": "\(event)"])
                    hub.publish(event)
                case .runHealthCheck:
                    runCheck(&group)
                case .register(let initialStatus):
                    await registrar?.register(initialStatus: initialStatus)
                case .reportHealth(let passing):
                    await registrar?.report(verdict(passing: passing, last: lastVerdict))
                case .setMaintenance(let on):
                    await registrar?.setMaintenance(on)
                case .deregister:
                    await registrar?.deregister()
                case .finished:
                    logger.debug("job finished")
                    if case .supervised(let policy) = engineJob.restartRule, !isStopping {
                        logger.notice("not restarting (restart policy \(policy.rawValue))")
                    }
                    engineJob.handle?.record(.finished(job: job.name, exitCode: isStopping ? 0 : lastExitStatus))
                    answer?.answer(registrar?.maintenanceAnswer(on: answer?.request.on ?? false) ?? .success(()))
                    return lastExitFailed
                }
            }
            armRetry(&registrar, &retryTimer)
            if let answer {
                answer.answer(registrar.map { $0.maintenanceAnswer(on: answer.request.on) } ?? .success(()))
            }
        }
    }

    /// What Consul is told for a check result: the verdict itself when the health follows the process (its
    /// output says why); ContainerPilot's `ok` for a pass otherwise, and the command's output for a failure. A
    /// TTL-only check's pass has no verdict of its own.
    private func verdict(passing: Bool, last: HealthVerdict) -> HealthVerdict {
        if case .followsProcess = engineJob.healthRule, (last.status == .passing) == passing { return last }
        return passing
            ? HealthVerdict(status: .passing, output: "ok") : HealthVerdict(status: .critical, output: last.output)
    }

    /// Arms the registrar's retry wake-up when it asked for one.
    private func armRetry(_ registrar: inout JobRegistrar?, _ timer: inout Task<Void, Never>?) {
        guard let instant = registrar?.takeRetry() else { return }
        timer?.cancel()
        timer = Task { [sink] in
            try? await Task.sleep(until: instant, clock: .continuous)
            if !Task.isCancelled { sink.yield(.registrationRetry) }
        }
    }

    /// The job as the status shows it.
    private static func statusJob(
        _ name: String, _ state: (JobMachine.Phase, JobMachine.Health, pid_t?)
    ) -> StatusSnapshot.Job {
        let phase: String
        switch state.0 {
        case .notStarted, .waiting: phase = "waiting"
        case .running: phase = "running"
        case .stopping: phase = "stopping"
        case .finished: phase = "finished"
        }
        let health: String
        switch state.1 {
        case .unknown: health = "unknown"
        case .healthy: health = "healthy"
        case .unhealthy: health = "unhealthy"
        case .maintenance: health = "maintenance"
        }
        return StatusSnapshot.Job(name: name, state: phase, pid: state.2, health: health, since: .now)
    }

    /// Arms `timer` to feed the machine at `instant`, replacing the one armed before.
    private func arm(
        _ timer: JobTimer, at instant: ContinuousClock.Instant, _ timers: inout [JobTimer: Task<Void, Never>]
    ) {
        timers[timer]?.cancel()
        timers[timer] = Task { [sink] in
            try? await Task.sleep(until: instant, clock: .continuous)
            if !Task.isCancelled { sink.yield(Item.input(.timerFired(timer))) }
        }
    }

    /// Spawns the job's process in its own process group and returns the machine's input for the outcome, or nil
    /// when the spawn failed: that is reported through the stream after ``spawnFailureDelay``.
    private func start() -> JobInput? {
        guard let exec = job.exec else { return .processExited(status: 0) }
        do {
            // Under the lock, so that cancellation cannot miss a process that is being started.
            let (pid, lines) = try process.withLock { current throws(SpawnError) -> (pid_t, OutputLines?) in
                let (pid, output) = try ChildProcesses.shared.spawn(
                    SpawnRequest(
                        arguments: exec, environment: processEnvironment,
                        output: job.rawLogging ? .inherit : .capture))
                current = pid
                logger.info("started", metadata: ["pid": "\(pid)"])
                // Not raw: each line of the job's output becomes a log line of pilot's, tagged with the job.
                let lines = output.map {
                    OutputLines(fileDescriptor: $0, eventLoopGroup: eventLoopGroup) { [logger] line in
                        logger.info("\(line)")
                    }
                }
                return (pid, lines)
            }
            environment.setProcess(pid, ofJob: job.name)
            engineJob.handle?.record(.started(job: job.name, pid: pid))
            Task { await self.awaitExit(of: pid, output: lines) }
            return .processStarted
        } catch {
            logger.error("could not start: \(error)")
            // Reported a second later, through the stream: a job with unlimited restarts whose program is missing
            // must not spin, and a stop request must be able to come first.
            Task { [sink] in
                try? await Task.sleep(for: Self.spawnFailureDelay)
                sink.yield(Item.input(.processExited(status: 127)))
            }
            return nil
        }
    }

    /// The variables for the next process: the engine's, the job's own, and those set through its handle.
    private var processEnvironment: [String: String] {
        var variables = environment.snapshot
        variables.merge(engineJob.environment) { _, new in new }
        if let handle = engineJob.handle { variables.merge(handle.environment) { _, new in new } }
        return variables
    }

    /// Reports the exit of `pid` to the machine once the reaper has collected it and its output is logged.
    private func awaitExit(of pid: pid_t, output: OutputLines?) async {
        let termination = await ChildProcesses.shared.termination(of: pid)
        // A process stopped by pilot takes what is left of its process group with it.
        if isStopping { ChildProcesses.shared.signal(pid, SIGKILL, group: true) }
        await output?.drain()
        engineJob.handle?.record(.exited(job: job.name, termination: termination))
        ChildProcesses.shared.forget(pid)
        process.withLock { if $0 == pid { $0 = nil } }
        environment.setProcess(nil, ofJob: job.name)
        if isStopping {
            logger.info("stopped", metadata: ["pid": "\(pid)", "how": "\(termination)"])
        } else {
            logger.info("exited", metadata: ["pid": "\(pid)", "status": "\(termination)"])
        }
        sink.yield(Item.input(.processExited(status: termination.shellExitCode)))
    }

    private func signalProcess(_ signal: Int32) {
        guard let pid = process.withLock({ $0 }) else { return }
        logger.debug("signalling", metadata: ["signal": "\(SignalName.name(of: signal))", "pid": "\(pid)"])
        ChildProcesses.shared.signal(pid, signal, group: true)
    }
}
