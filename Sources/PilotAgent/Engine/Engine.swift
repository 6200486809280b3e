import ConsulAPI
import ContainerPilotConfig
import DiscoveryModel
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// Runs a compiled configuration: a ``JobRunner`` per job, a ``WatchRunner`` per watch, the agent's `SIGHUP` and
/// `SIGUSR2` as events, and the control socket's maintenance and reload requests.
///
/// It owns which runners exist. Its inputs (requests, finished jobs, the start of shutdown) arrive on one
/// unbounded stream and are handled one at a time, so a reload never races a shutdown.
///
/// - Shutdown (`SIGTERM`/`SIGINT` through the service group): every job is asked to stop, then the global
///   `shutdown` event is published; the engine returns as soon as every job is done (ContainerPilot waits its
///   stop timeout more, about 5 s, whatever the jobs do).
/// - A configuration whose jobs have all finished of their own accord ends the engine, and pilot with it, as
///   ContainerPilot ends (it is not a server).
/// - Reload: jobs and watches whose definition did not change keep running; changed ones are stopped and
///   started again with the new definition (the new process only once the old one is gone), removed ones are
///   stopped, new ones started (ContainerPilot restarts every job, the application included).
final class Engine: Service, ControlTarget, CustomStringConvertible {
    /// A request from the control socket.
    enum Request: Sendable {
        case reload
        case maintenance(Bool)
        /// Replace the watches with these (the environment contract's dependencies after a reload).
        case watches([EngineWatch])
    }

    /// What the run loop takes in, one at a time.
    private enum Input: Sendable {
        case request(RequestChannel<Request, HTTPReply>.Envelope)
        case jobFinished(ObjectIdentifier, lastExitFailed: Bool)
        case observed(EngineEvent)
        case shutdown
    }

    private let initialPlan: EnginePlan
    private let load: (@Sendable () throws -> EnginePlan)?
    private let shutdown: ShutdownTrigger?
    private let client: ConsulClient
    private let environment: EngineEnvironment
    private let status: AgentStatus?
    private let hub = EventHub<EngineEvent>()
    /// The blocking queries of watched services, shared with whoever else watches them (the templates).
    let serviceWatches: ServiceWatchHub
    private let requests = RequestChannel<Request, HTTPReply>()
    private let logger: Logger
    private let failed = Atomic<Bool>(false)

    /// pilot's exit status once the engine has returned: 1 when it ended because its jobs had finished of their
    /// own accord and one of them last exited with a failure, else 0 (ContainerPilot always exits 0).
    var exitStatus: Int32 { failed.load(ordering: .relaxed) ? 1 : 0 }

    /// An engine for `plan`; `load` compiles the configuration again for a reload (without it, reload is
    /// refused); `shutdown`, when given, is how the end of the plan's ``EnginePlan/endsWith`` job stops pilot as
    /// a whole (without it, the engine stops its other jobs and returns).
    init(
        plan: EnginePlan, load: (@Sendable () throws -> EnginePlan)?, shutdown: ShutdownTrigger? = nil,
        client: ConsulClient, environment: EngineEnvironment, status: AgentStatus? = nil,
        serviceWatches: ServiceWatchHub? = nil, logger: Logger
    ) {
        self.status = status
        self.serviceWatches = serviceWatches ?? ServiceWatchHub(client: client)
        self.initialPlan = plan
        self.load = load
        self.shutdown = shutdown
        self.client = client
        self.environment = environment
        self.logger = logger
    }

    var description: String { "Engine" }

    // MARK: Control target

    func setMaintenance(_ enabled: Bool, reason: String) async -> HTTPReply {
        await ask(.maintenance(enabled))
    }

    func reload() async -> HTTPReply {
        await ask(.reload)
    }

    func setEnvironment(_ variables: [String: String]) async -> HTTPReply {
        environment.apply(variables)
        return .json([
            "set": variables.filter { !$0.value.isEmpty }.keys.sorted(),
            "removed": variables.filter { $0.value.isEmpty }.keys.sorted(),
        ])
    }

    /// Makes `watches` the engine's watches: new ones start, missing ones stop, the others keep running.
    func setWatches(_ watches: [EngineWatch]) async {
        _ = await ask(.watches(watches))
    }

    private func ask(_ request: Request) async -> HTTPReply {
        do {
            return try await requests.ask(request)
        } catch {
            return .error("pilot is stopping", status: 503)
        }
    }

    // MARK: Running

    func run() async throws {
        let (inputs, input) = AsyncStream.makeStream(of: Input.self, bufferingPolicy: .unbounded)
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { [requests] in
                    for await envelope in requests.requests { input.yield(.request(envelope)) }
                }
                // The engine's own subscription: the last state events of each source, replayed to jobs a reload
                // starts, so that one waiting for an event that already happened is not left waiting.
                let observed = hub.subscribe()
                group.addTask {
                    for await event in observed { input.yield(.observed(event)) }
                }
                if initialPlan.signalsAreEvents {
                    group.addTask { [hub, logger] in
                        await Self.publishSignals(hub: hub, logger: logger)
                    }
                }
                var state = RunState(plan: initialPlan)
                start(state.plan.jobs, plan: state.plan, state: &state, group: &group, input: input)
                for watch in state.plan.watches { startWatch(watch, state: &state) }
                if state.plan.jobs.isEmpty && state.plan.watches.isEmpty && state.plan.signalsAreEvents {
                    logger.notice("the configuration has no jobs; waiting for SIGTERM")
                }
                for await next in inputs {
                    switch next {
                    case .shutdown:
                        beginStop(&state)
                    case .observed(let event):
                        state.record(event)
                    case .jobFinished(let id, let failed):
                        guard let runner = state.runners.removeValue(forKey: id) else { continue }
                        if state.replacements[runner.job.name] == nil || state.stopping {
                            // Nothing of this job will publish again: a job waiting for one of its events is told.
                            hub.publish(.ended(.job(runner.job.name)))
                        }
                        if failed && !runner.isRetiring { state.failedJobs.insert(runner.job.name) } else {
                            state.failedJobs.remove(runner.job.name)
                        }
                        if state.stopping {
                            requestStops(&state)
                        } else if runner.job.name == state.plan.endsWith, !runner.isRetiring {
                            logger.info("\(runner.job.name) is done; stopping")
                            if let shutdown {
                                group.addTask { await shutdown.trigger() }
                            } else {
                                beginStop(&state)
                            }
                        }
                        if let replacement = state.replacements.removeValue(forKey: runner.job.name), !state.stopping {
                            hub.publish(.replaced(.job(replacement.name)))
                            start(
                                [replacement], plan: state.plan, state: &state, group: &group, input: input,
                                catchingUp: true)
                        }
                    case .request(let envelope):
                        envelope.answer(.success(handle(envelope.request, state: &state, group: &group, input: input)))
                    }
                    // Without a shutdown trigger, jobs that are all done end the engine (ContainerPilot's way); with
                    // one, the group's shutdown, which the trigger started, is what ends it.
                    if state.runners.isEmpty && (state.stopping || (!state.plan.jobs.isEmpty && shutdown == nil)) {
                        break
                    }
                }
                if !state.stopping && !state.failedJobs.isEmpty {
                    logger.error("every job is done; the last run failed for \(state.failedJobs.sorted())")
                    failed.store(true, ordering: .relaxed)
                }
                requests.close()
                for task in state.watches.values { task.cancel() }
                hub.finish()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            input.yield(.shutdown)
        }
        logger.info("every job is done")
    }

    /// Publishes the agent's `SIGHUP` and `SIGUSR2` as events, until cancelled.
    private static func publishSignals(hub: EventHub<EngineEvent>, logger: Logger) async {
        let signals = await UnixSignalsSequence(trapping: .sighup, .sigusr2)
        for await signal in signals {
            let received: ConfigurationSignal = signal == .sighup ? .hangup : .user2
            logger.info("received \(received.rawValue)")
            hub.publish(.signal(received))
        }
    }

    /// Starts the engine's stop: jobs are asked to stop in dependency order, then the global `shutdown` event
    /// is published for the jobs that wait for it.
    private func beginStop(_ state: inout RunState) {
        guard !state.stopping else { return }
        state.stopping = true
        logger.info("stopping every job")
        requestStops(&state)
        hub.publish(.event(.shutdown, from: .global))
        // A job on the global shutdown has had its one chance.
        hub.publish(.ended(.global))
    }

    /// Asks each job to stop whose dependents (``EngineJob/stopsAfter``) are all done. Jobs that depend on each
    /// other in a circle would wait for ever: when no job is on its way out and none may go, the rest stop
    /// together.
    private func requestStops(_ state: inout RunState) {
        let live = Array(state.runners.values)
        let liveNames = Set(live.map(\.job.name))
        // The current plan's dependents: a reload may have added some to a job that kept running.
        let stopsAfter = Dictionary(
            state.plan.jobs.map { ($0.name, $0.stopsAfter) }, uniquingKeysWith: { first, _ in first })
        for runner in live where !runner.isStopping {
            let dependents = stopsAfter[runner.job.name] ?? runner.engineJob.stopsAfter
            guard dependents.isDisjoint(with: liveNames) else { continue }
            runner.requestStop()
        }
        if !live.contains(where: \.isStopping) {
            for runner in live { runner.requestStop() }
        }
    }

    /// What the run loop owns.
    private struct RunState {
        var plan: EnginePlan
        var runners: [ObjectIdentifier: JobRunner] = [:]
        /// New definitions of changed jobs, started when the old runner of that name is done.
        var replacements: [String: EngineJob] = [:]
        var watches: [EngineWatch.Key: Task<Void, Never>] = [:]
        var stopping = false
        /// The state events each source published last (`healthy` or `unhealthy`, `exitSuccess` or
        /// `exitFailed`, and `changed`, `stopping`, `stopped`, which stay).
        var lastEvents: [EventSource: Set<EventCode>] = [:]
        /// Jobs a reload is replacing: their old process's events are not recorded, until the engine's
        /// ``EngineEvent/replaced(_:)`` marker, published after them, comes by.
        var replacing: Set<EventSource> = []
        /// Whether the control plane put the container in maintenance.
        var inMaintenance = false
        /// The jobs whose last process exit failed when they finished.
        var failedJobs: Set<String> = []

        init(plan: EnginePlan) { self.plan = plan }

        /// The runner of each job name that is not on its way out.
        func runner(named name: String) -> JobRunner? {
            runners.values.first { $0.job.name == name && !$0.isRetiring }
        }

        /// Whether a runner of job `name` is on its way out after a reload.
        func isRetiring(_ name: String) -> Bool {
            runners.values.contains { $0.job.name == name && $0.isRetiring }
        }

        /// Notes `event` in ``lastEvents``.
        mutating func record(_ event: EngineEvent) {
            if case .replaced(let source) = event {
                replacing.remove(source)
                return
            }
            guard case .event(let code, let source) = event, source != .global, !replacing.contains(source) else {
                return
            }
            var codes = lastEvents[source, default: []]
            switch code {
            case .healthy: codes.remove(.unhealthy)
            case .unhealthy: codes.remove(.healthy)
            case .exitSuccess: codes.remove(.exitFailed)
            case .exitFailed: codes.remove(.exitSuccess)
            default: break
            }
            codes.insert(code)
            lastEvents[source] = codes
        }
    }

    /// Starts runners for `jobs`: every subscription is taken before any of them starts, so that an event one
    /// job publishes as it starts reaches the others. Jobs a reload starts (`catchingUp`) are given, right after
    /// their start, the last state event of their `when` source if it already happened, and maintenance if the
    /// container is in it: the event will not come again, and maintenance holds for every job.
    private func start(
        _ jobs: [EngineJob], plan: EnginePlan, state: inout RunState, group: inout TaskGroup<Void>,
        input: AsyncStream<Input>.Continuation, catchingUp: Bool = false
    ) {
        let prepared = jobs.map { job in
            let registrar = job.registrar ?? job.configuration.service.flatMap { service in
                plan.addresses[job.name].map { address in
                    environment.setAddress(address.description, ofJob: job.name)
                    return JobRegistrar.containerPilot(
                        job: job.configuration, service: service, address: address, client: client, logger: logger)
                }
            }
            let runner = JobRunner(
                job: job, preStopJobs: plan.preStopJobs(of: job.name), fallbackStopTimeout: plan.stopTimeout,
                hub: hub, environment: environment, registrar: registrar, status: status,
                eventLoopGroup: client.eventLoopGroup, logger: logger)
            return (runner, hub.subscribe())
        }
        // In the plan's order, before any runner reports: the status lists jobs as the file does.
        for job in jobs {
            status?.record(.job(.init(name: job.name, state: "waiting", pid: nil, health: "unknown", since: .now)))
        }
        for (runner, events) in prepared {
            state.runners[ObjectIdentifier(runner)] = runner
            if catchingUp {
                if case .event(let code, let source, _, _) = runner.job.trigger, source != .global,
                    state.lastEvents[source]?.contains(code) == true
                {
                    runner.deliver(.event(code, from: source))
                }
                if state.inMaintenance { runner.deliver(.event(.enterMaintenance, from: .global)) }
            }
            group.addTask {
                let failed = await runner.run(events: events)
                input.yield(.jobFinished(ObjectIdentifier(runner), lastExitFailed: failed))
            }
        }
    }

    private func startWatch(_ watch: EngineWatch, state: inout RunState) {
        let runner = WatchRunner(engineWatch: watch, serviceWatches: serviceWatches, hub: hub, logger: logger)
        state.watches[watch.key] = Task { await runner.run() }
    }

    /// Stops the watches not in `watches` and starts the new ones; the others keep running.
    private func replaceWatches(with watches: [EngineWatch], state: inout RunState) {
        let keys = Set(watches.map(\.key))
        for (key, task) in state.watches where !keys.contains(key) {
            task.cancel()
            state.watches[key] = nil
        }
        for watch in watches where state.watches[watch.key] == nil { startWatch(watch, state: &state) }
        state.plan.watches = watches
    }

    private func handle(
        _ request: Request, state: inout RunState, group: inout TaskGroup<Void>,
        input: AsyncStream<Input>.Continuation
    ) -> HTTPReply {
        switch request {
        case .watches(let watches):
            if !state.stopping { replaceWatches(with: watches, state: &state) }
            return .json(["watches": watches.map(\.configuration.name)])
        case .maintenance(let on):
            // Idempotent, as documented: a second enable changes nothing and publishes nothing; the answer says
            // whether this request was an update.
            guard on != state.inMaintenance else { return .json(["updated": false]) }
            state.inMaintenance = on
            logger.notice(on ? "entering maintenance" : "leaving maintenance")
            hub.publish(.event(on ? .enterMaintenance : .exitMaintenance, from: .global))
            return .json(["updated": true])
        case .reload:
            if state.stopping { return .error("pilot is stopping", status: 503) }
            guard let load else { return .error("this engine has no configuration file to read again", status: 409) }
            let plan: EnginePlan
            do {
                plan = try load()
            } catch {
                logger.error("reload refused; the running configuration is kept: \(error)")
                return .error("\(error)", status: 400)
            }
            return reload(to: plan, state: &state, group: &group, input: input)
        }
    }

    private func reload(
        to plan: EnginePlan, state: inout RunState, group: inout TaskGroup<Void>,
        input: AsyncStream<Input>.Continuation
    ) -> HTTPReply {
        if plan.controlSocketPath != state.plan.controlSocketPath || plan.telemetry != state.plan.telemetry {
            logger.warning("control.socket and telemetry changes take effect at the next start of pilot")
        }
        var kept: [String] = [], restarted: [String] = [], started: [String] = [], stopped: [String] = []
        var toStart: [EngineJob] = []
        /// `job`'s new definition starts once its old process (asked to stop here, or already stopping) is gone.
        func replace(_ job: EngineJob, stopping runner: JobRunner?) {
            runner?.retire()
            state.replacements[job.name] = job
            restarted.append(job.name)
        }
        /// `job` starts now.
        func startAnew(_ job: EngineJob) {
            toStart.append(job)
            started.append(job.name)
        }
        let oldJobs = Dictionary(
            state.plan.jobs.map { ($0.name, $0.configuration) }, uniquingKeysWith: { first, _ in first })
        for job in plan.jobs {
            let unchanged = oldJobs[job.name] == job.configuration
                && plan.addresses[job.name] == state.plan.addresses[job.name]
            if unchanged && state.replacements[job.name] == nil {
                // Running or already done of its own accord: either way it stays as it is.
                kept.append(job.name)
            } else if state.isRetiring(job.name) {
                // Its old process is still stopping (an earlier reload): the newest definition starts after it.
                replace(job, stopping: nil)
            } else if let runner = state.runner(named: job.name) {
                replace(job, stopping: runner)
            } else {
                startAnew(job)
            }
        }
        let newNames = Set(plan.jobs.map(\.name))
        for job in state.plan.jobs where !newNames.contains(job.name) {
            // A definition waiting for an old process to stop is dropped with the job.
            state.replacements[job.name] = nil
            guard let runner = state.runner(named: job.name) else { continue }
            runner.retire()
            stopped.append(job.name)
        }
        // A kept job that starts on an event of a job that starts again: when it is done, it starts again (as a
        // ContainerPilot reload would restart it); when it is a pre- or post-stop job still waiting, it runs for
        // the old process's stop and then waits again, for the new one's. A running dependent keeps running.
        let fresh = Set(restarted + started)
        for job in plan.jobs where kept.contains(job.name) {
            guard case .event(let code, .job(let source), _, _) = job.configuration.trigger, fresh.contains(source)
            else { continue }
            if let runner = state.runner(named: job.name) {
                guard code == .stopping || code == .stopped else { continue }
                replace(job, stopping: runner)
            } else {
                startAnew(job)
            }
            kept.removeAll { $0 == job.name }
        }
        // What the jobs that start again published before is no longer true of them, nor what their old processes
        // publish while they stop.
        for name in fresh {
            state.lastEvents[.job(name)] = nil
            if state.replacements[name] != nil { state.replacing.insert(.job(name)) }
        }
        // A watch is identified by its whole definition: a changed one is a removed and an added one.
        replaceWatches(with: plan.watches, state: &state)
        // A job that keeps running waits at its next stop for the pre-stop jobs the new plan gives it, only those
        // that will run: a pre-stop job that is done for good is not waited for.
        let starting = Set(toStart.map(\.name)).union(state.replacements.keys)
        for name in kept {
            guard let runner = state.runner(named: name), plan.preStopJobs(of: name) != state.plan.preStopJobs(of: name)
            else { continue }
            runner.setPreStopJobs(
                plan.preStopJobs(of: name).filter { state.runner(named: $0) != nil || starting.contains($0) })
        }
        state.plan = plan
        start(toStart, plan: plan, state: &state, group: &group, input: input, catchingUp: true)
        logger.notice(
            "reloaded",
            metadata: [
                "kept": "\(kept)", "restarted": "\(restarted)", "started": "\(started)", "stopped": "\(stopped)",
            ])
        return .json(["kept": kept, "restarted": restarted, "started": started, "stopped": stopped])
    }
}
