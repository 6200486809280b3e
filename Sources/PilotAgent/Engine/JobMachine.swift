import ContainerPilotConfig

/// The decisions of one job of a ContainerPilot configuration: when its process starts, restarts, is killed
/// and stopped, which events it publishes, when its service is registered and deregistered. Pure: inputs and the
/// current instant in, ``JobAction``s out; the shell spawns, signals, arms timers and talks to Consul.
///
/// Semantics follow ContainerPilot's documentation (docs/30-configuration/34-jobs.md) where its code differs:
/// - Never two processes of one job at once (ContainerPilot's command lock). A trigger (an `each` event, a
///   signal, an interval tick) that comes while the process runs is remembered, several of them as one, and the
///   process starts again as soon as it exits; that run is not a restart.
/// - `restarts` counts runs started because the job's own process exited (success or failure) while the job was
///   not stopping; a periodic job's runs on its interval count against `restarts` too (3 restarts = 4 runs), its
///   exits never restart it. The allowance is the job's, not each trigger's (as ContainerPilot counts it).
/// - Events that come before ``JobInput/engineStarted`` start nothing: the engine starts every job before it
///   publishes anything, and the global `startup` is taken in with `engineStarted`.
/// - A job that is finished of its own accord (a `once` job out of restarts, a periodic job out of runs, a job
///   whose `when.timeout` passed) publishes `stopping` and then `stopped`, as ContainerPilot does, so that its
///   pre- and post-stop jobs run (ContainerPilot also publishes `timerExpired`, which no job can name).
/// - A job whose `when` source has ended (``EngineEvent/ended(_:)``: its job is done, or the global shutdown has
///   been published) can never be started by it again: it finishes once its process (and restarts) are done,
///   and a stop does not wait for an event that will not come. A pre-stop job that has ended counts as run.
/// - Stop: `stopping` is published, the service is deregistered, then the pre-stop jobs (those that start on
///   this job's `stopping`) are waited for, until each has exited or stopped, or for the stop timeout; then
///   `SIGTERM`, then `SIGKILL` after the stop timeout, and `stopped` only once the process has really exited
///   (ContainerPilot ignores `stopTimeout` and publishes `stopped` before the process is gone).
/// - The stop timeout is the job's `stopTimeout`, or the configuration's (`fallbackStopTimeout`) when the job
///   sets none, so that a process always gets time to exit on `SIGTERM`.
/// - Jobs that start on a `stopping` or `stopped` event of a job, or on the global `shutdown`, are what
///   shutdown is for: a stop request lets them wait for their event and run once more to the end (ContainerPilot
///   does so for the first two; its `shutdown` starter is halted by the event it waits for). The engine's global
///   stop timeout bounds them.
/// - `healthy` and `unhealthy` are published for every check result, as ContainerPilot's documentation and code
///   do (a job on `each: "healthy"` runs at each passing check); every result goes to Consul, a failure at once.
///   In maintenance, results are ignored and no check runs; maintenance is renewed every check interval
///   instead, so that a registration Consul lost comes back (ContainerPilot's #577).
struct JobMachine: Sendable {
    /// Where the job stands.
    enum Phase: Hashable, Sendable {
        /// The engine has not started yet.
        case notStarted
        /// No process runs; the job waits for its trigger (or next interval).
        case waiting
        /// The process runs.
        case running
        /// The job was asked to stop and is on its way.
        case stopping(StopStep)
        /// The job is done.
        case finished
    }

    /// The steps of a stop, in order.
    enum StopStep: Hashable, Sendable {
        /// Waiting for the pre-stop jobs, the process still running (if any).
        case awaitingPreStopJobs
        /// `SIGTERM` sent; waiting for the process to exit until the stop timeout.
        case terminating
        /// `SIGKILL` sent; waiting for the process to exit.
        case killing
    }

    /// The health of the job as its events say it.
    enum Health: Hashable, Sendable {
        /// No check result yet, or reset by leaving maintenance.
        case unknown
        /// The last check passed.
        case healthy
        /// The last check failed.
        case unhealthy
        /// The container is in maintenance.
        case maintenance
    }

    /// How a job's exits lead to restarts.
    enum RestartRule: Hashable, Sendable {
        /// ContainerPilot's `restarts`: after any exit, at once, while the job's allowance lasts.
        case containerPilot
        /// The environment contract's `RESTART_POLICY`: after the exits the policy names, with exponential
        /// backoff (``RestartDecider``); a stop decided by the policy finishes the job.
        case supervised(RestartPolicy)
    }

    /// When the health check runs besides every interval.
    enum HealthRule: Hashable, Sendable {
        /// ContainerPilot's: every interval, and nothing else.
        case containerPilot
        /// The environment contract's: the verdict also follows the process (``HealthVerdict``), so a check
        /// also runs as the job starts, at each start and exit of its process, and on leaving maintenance; a
        /// restarted process without a health command counts as passing once it has run for `settleTime`.
        /// Until a started process first passes, a failed check is retried sooner than an interval later
        /// (``JobMachine/startRetryDelay(after:interval:)``, Docker's start interval): a service that listens a
        /// moment after it starts is in rotation within a second, not a whole interval after its first check.
        case followsProcess(settleTime: Duration)
    }

    /// The first retry of a failed check while a started process has not yet passed; each later one waits twice
    /// as long, up to the check interval.
    static let firstStartRetry: Duration = .milliseconds(250)

    /// The wait before the next check after `failures` failed checks of a process that has not passed yet, or
    /// `nil` once that reaches the check `interval` (from then on the checks keep to the interval).
    static func startRetryDelay(after failures: Int, interval: Duration) -> Duration? {
        let delay = firstStartRetry * (1 << min(failures - 1, 20))
        return delay < interval ? delay : nil
    }

    /// The job's definition.
    let job: JobConfiguration
    /// When the health check runs besides every interval.
    let healthRule: HealthRule
    /// How long a stopping job waits for its pre-stop jobs and then for its process after `SIGTERM`.
    let stopTimeout: Duration

    /// Where the job stands.
    private(set) var phase: Phase = .notStarted
    /// The job's health.
    private(set) var health: Health = .unknown
    /// The timers armed and not yet fired or cancelled.
    private(set) var armedTimers: Set<JobTimer> = []

    private var processRunning = false
    /// How many more times the trigger may start the job; `nil` for without limit.
    private var startsRemaining: Int?
    /// How many more restarts (or periodic runs) are allowed; `nil` for without limit.
    private var restartsRemaining: Int?
    private var pendingRun = false
    private var finishAfterExit = false
    private var stopRequested = false
    private var registered = false
    /// Whether `stopping` has been published.
    private var stoppingPublished = false
    private var nextIntervalTick: ContinuousClock.Instant?
    /// The backoff of a supervised job; `nil` under ContainerPilot's rule.
    private var decider: RestartDecider?
    /// When the running process started, for the backoff's notion of a stable run.
    private var processStartedAt: ContinuousClock.Instant?
    /// The pre-stop jobs that have not yet run; emptied as they exit or stop.
    private var pendingPreStopJobs: Set<String>
    /// Whether the job's start waits for ``JobInput/gateOpened`` (registration and checks do not).
    private var awaitingGate: Bool
    /// Under ``HealthRule/followsProcess(settleTime:)``: the failed checks since the process started, while it
    /// has not passed one (``startRetryDelay(after:interval:)``); `nil` once it passed or the retries reached the
    /// interval.
    private var startFailures: Int?

    /// A machine for `job`, whose pre-stop jobs are `preStopJobs` (names), with the configuration's
    /// `stopTimeout` for a job that sets none; `restartRule` overrides `job.restarts` when supervised; a `gated`
    /// job's `when` is considered only once ``JobInput/gateOpened`` comes.
    init(
        job: JobConfiguration, preStopJobs: [String], fallbackStopTimeout: Duration,
        restartRule: RestartRule = .containerPilot, healthRule: HealthRule = .containerPilot, gated: Bool = false
    ) {
        self.job = job
        self.healthRule = healthRule
        self.awaitingGate = gated
        if case .supervised(let policy) = restartRule { decider = RestartDecider(policy: policy) }
        self.stopTimeout = job.stopTimeout > .zero ? job.stopTimeout : fallbackStopTimeout
        self.pendingPreStopJobs = Set(preStopJobs)
        switch job.trigger {
        case .event(_, _, .once, _): startsRemaining = 1
        case .event(_, _, .each, _), .signal, .interval: startsRemaining = nil
        }
        switch job.restarts {
        case .never: restartsRemaining = 0
        case .limited(let count): restartsRemaining = max(0, count)
        case .unlimited: restartsRemaining = nil
        }
    }

    /// Whether the job is done.
    var isFinished: Bool { phase == .finished }

    /// Takes in `input`, which happened at `now`, and returns what the shell must do, in order.
    mutating func handle(_ input: JobInput, at now: ContinuousClock.Instant) -> [JobAction] {
        guard phase != .finished else { return [] }
        var actions: [JobAction] = []
        switch input {
        case .engineStarted: engineStarted(at: now, &actions)
        case .gateOpened: gateOpened(at: now, &actions)
        case .event(let event): received(event, at: now, &actions)
        case .processStarted: processStarted(at: now, &actions)
        case .processExited(let status): processExited(status: status, at: now, &actions)
        case .healthCheck(let passed):
            healthChecked(passed: passed, &actions)
            retryIfStarting(passed: passed, at: now, &actions)
        case .timerFired(let timer): timerFired(timer, at: now, &actions)
        case .stopRequested: stop(at: now, &actions)
        case .preStopJobsChanged(let names):
            // Only before the stop: a stop already waiting keeps the jobs it waits for.
            if !stopRequested { pendingPreStopJobs = Set(names) }
        }
        return actions
    }

    // MARK: Starting

    private mutating func engineStarted(at now: ContinuousClock.Instant, _ actions: inout [JobAction]) {
        guard phase == .notStarted else { return }
        phase = .waiting
        if let service = job.service, let initialStatus = service.initialStatus {
            registered = true
            actions.append(.register(initialStatus: initialStatus))
        }
        if let health = job.health {
            arm(.healthCheck, at: now + health.interval, &actions)
            // A TTL-only check's heartbeat is the agent itself: the first one is due now, not an interval later
            // (telemetry's `containerpilot` service is registered at once).
            if health.exec == nil { healthChecked(passed: true, &actions) }
        }
        checkIfFollowingProcess(&actions)
        if !awaitingGate { considerTrigger(at: now, &actions) }
    }

    /// The job may start now; until then only its registration and checks ran.
    private mutating func gateOpened(at now: ContinuousClock.Instant, _ actions: inout [JobAction]) {
        guard awaitingGate else { return }
        awaitingGate = false
        guard phase == .waiting, !stopRequested else { return }
        considerTrigger(at: now, &actions)
    }

    /// Starts what the job's `when` says at the engine's start: an interval's first run, a start timeout, a start
    /// on the global `startup`.
    private mutating func considerTrigger(at now: ContinuousClock.Instant, _ actions: inout [JobAction]) {
        switch job.trigger {
        case .interval(let period):
            nextIntervalTick = now + period
            arm(.interval, at: now + period, &actions)
            startRun(&actions)
        case .event(_, _, _, let timeout), .signal(_, let timeout):
            if let timeout { arm(.startTimeout, at: now + timeout, &actions) }
            if triggers(.startup) { triggered(&actions) }
        }
    }

    private func triggers(_ event: EngineEvent) -> Bool {
        switch (job.trigger, event) {
        case (.event(let code, let source, _, _), .event(let eventCode, let eventSource)):
            code == eventCode && source == eventSource
        case (.signal(let signal, _), .signal(let received)):
            signal == received
        default:
            false
        }
    }

    /// Whether the job's reason to exist is the stop of others: it starts on a job's `stopping` or `stopped`, or
    /// on the global `shutdown`.
    private var runsAtShutdown: Bool {
        switch job.trigger {
        case .event(.stopping, from: .job, _, _), .event(.stopped, from: .job, _, _),
            .event(.shutdown, from: .global, _, _):
            true
        default:
            false
        }
    }

    private mutating func received(
        _ event: EngineEvent, at now: ContinuousClock.Instant, _ actions: inout [JobAction]
    ) {
        noteMaintenance(event, &actions)
        notePreStopProgress(event, at: now, &actions)
        if case .ended(let source) = event {
            sourceEnded(source, &actions)
            return
        }
        // The startup event was taken in with engineStarted; a copy from the hub must not start the job again.
        guard phase != .notStarted, !awaitingGate, event != .startup, triggers(event) else { return }
        switch phase {
        case .waiting, .running:
            if stopRequested && !runsAtShutdown { return }
            triggered(&actions)
        case .notStarted, .stopping, .finished:
            return
        }
    }

    /// The source of the job's `when` event publishes nothing more: no trigger will start the job again.
    private mutating func sourceEnded(_ source: EventSource, _ actions: inout [JobAction]) {
        guard case .event(_, let triggerSource, _, _) = job.trigger, triggerSource == source else { return }
        startsRemaining = 0
        if phase == .waiting && !processRunning && !pendingRun && armedTimers.contains(.restartDelay) == false {
            complete(&actions)
        }
    }

    /// The job's `when` event (or signal) came.
    private mutating func triggered(_ actions: inout [JobAction]) {
        if case .interval = job.trigger { return }
        if let remaining = startsRemaining {
            guard remaining > 0 else { return }
            startsRemaining = remaining - 1
        }
        cancel(.startTimeout, &actions)
        startRun(&actions)
    }

    /// Starts the process, or remembers to start it again once the running one exits.
    private mutating func startRun(_ actions: inout [JobAction]) {
        guard job.exec != nil else { return }
        if processRunning {
            pendingRun = true
            return
        }
        processRunning = true
        phase = .running
        actions.append(.startProcess)
    }

    private mutating func processStarted(at now: ContinuousClock.Instant, _ actions: inout [JobAction]) {
        processStartedAt = now
        if case .followsProcess = healthRule, job.health?.exec != nil { startFailures = 0 }
        checkIfFollowingProcess(&actions)
        guard processRunning, let timeout = job.timeout else { return }
        arm(.runTimeout, at: now + timeout, &actions)
    }

    // MARK: Exits and restarts

    private mutating func processExited(status: Int32, at now: ContinuousClock.Instant, _ actions: inout [JobAction]) {
        guard processRunning else { return }
        startFailures = nil
        processRunning = false
        cancel(.runTimeout, &actions)
        actions.append(.publish(.job(job.name, status == 0 ? .exitSuccess : .exitFailed)))
        if !stopRequested { checkIfFollowingProcess(&actions) }
        switch phase {
        case .stopping(.awaitingPreStopJobs):
            return
        case .stopping:
            complete(&actions)
            return
        case .notStarted, .waiting, .finished:
            return
        case .running:
            break
        }
        if stopRequested || finishAfterExit {
            complete(&actions)
        } else if pendingRun {
            pendingRun = false
            startRun(&actions)
        } else if case .interval = job.trigger {
            phase = .waiting
        } else if var decider {
            let decision = decider.decide(exitStatus: status, runTime: now - (processStartedAt ?? now))
            self.decider = decider
            switch decision {
            case .restart(let delay):
                phase = .waiting
                arm(.restartDelay, at: now + delay, &actions)
            case .stop:
                complete(&actions)
            }
        } else if consumeRestart() {
            startRun(&actions)
        } else if startsRemaining == 0 {
            complete(&actions)
        } else {
            phase = .waiting
        }
    }

    /// Takes one restart (or periodic run) from the allowance; `false` when none is left.
    private mutating func consumeRestart() -> Bool {
        guard let remaining = restartsRemaining else { return true }
        guard remaining > 0 else { return false }
        restartsRemaining = remaining - 1
        return true
    }

    // MARK: Timers

    private mutating func timerFired(_ timer: JobTimer, at now: ContinuousClock.Instant, _ actions: inout [JobAction]) {
        // A timer cancelled while its firing was under way is stale.
        guard armedTimers.remove(timer) != nil else { return }
        switch timer {
        case .interval:
            intervalTick(at: now, &actions)
        case .startTimeout:
            // The `when` event did not come in time: the job is given up.
            if phase == .waiting && !processRunning { complete(&actions) }
        case .runTimeout:
            if processRunning { actions.append(.killProcess) }
        case .restartDelay:
            if phase == .waiting && !stopRequested { startRun(&actions) }
        case .stopTimeout:
            switch phase {
            case .stopping(.awaitingPreStopJobs): terminate(at: now, &actions)
            case .stopping(.terminating):
                phase = .stopping(.killing)
                actions.append(.killProcess)
            default: break
            }
        case .healthCheck:
            guard let health = job.health else { return }
            arm(.healthCheck, at: now + health.interval, &actions)
            guard self.health != .maintenance else {
                // No check runs in maintenance; renewing it each interval restores a registration Consul lost
                // (ContainerPilot leaves it lost: its #577).
                if registered { actions.append(.setMaintenance(true)) }
                return
            }
            if health.exec == nil {
                // A TTL-only check: the agent itself is the heartbeat.
                healthChecked(passed: true, &actions)
            } else {
                actions.append(.runHealthCheck)
            }
        }
    }

    private mutating func intervalTick(at now: ContinuousClock.Instant, _ actions: inout [JobAction]) {
        guard case .interval(let period) = job.trigger, phase == .waiting || phase == .running else { return }
        guard consumeRestart() else {
            if processRunning { finishAfterExit = true } else { complete(&actions) }
            return
        }
        // From the previous due time, so that a late firing does not shift every later run.
        let due = (nextIntervalTick ?? now) + period
        nextIntervalTick = due
        arm(.interval, at: due, &actions)
        startRun(&actions)
    }

    // MARK: Health and maintenance

    private mutating func healthChecked(passed: Bool, _ actions: inout [JobAction]) {
        switch phase {
        case .waiting, .running: break
        case .notStarted, .stopping, .finished: return
        }
        guard health != .maintenance else { return }
        if job.service != nil {
            if !registered && passed {
                registered = true
                actions.append(.register(initialStatus: nil))
            }
            if registered { actions.append(.reportHealth(passing: passed)) }
        }
        health = passed ? .healthy : .unhealthy
        actions.append(.publish(.job(job.name, passed ? .healthy : .unhealthy)))
    }

    /// A started process that has not passed yet: a failed check is run again soon (``HealthRule``).
    private mutating func retryIfStarting(passed: Bool, at now: ContinuousClock.Instant, _ actions: inout [JobAction]) {
        guard let failures = startFailures, let interval = job.health?.interval else { return }
        // In maintenance a result counts for nothing, and a stopping job's checks are over: the count is kept for
        // after maintenance, and nothing is armed.
        guard health != .maintenance, !stopRequested else { return }
        guard !passed, health == .unhealthy, phase == .running || phase == .waiting else {
            startFailures = nil
            return
        }
        guard let delay = Self.startRetryDelay(after: failures + 1, interval: interval) else {
            startFailures = nil
            return
        }
        startFailures = failures + 1
        arm(.healthCheck, at: now + delay, &actions)
    }

    private mutating func noteMaintenance(_ event: EngineEvent, _ actions: inout [JobAction]) {
        switch phase {
        case .waiting, .running: break
        case .notStarted, .stopping, .finished: return
        }
        if event == .event(.enterMaintenance, from: .global), health != .maintenance {
            health = .maintenance
            guard job.service != nil else { return }
            // A service not registered yet (no passing check so far, or just started again by a reload) is
            // registered in maintenance: it is known, and out of rotation.
            if !registered {
                registered = true
                actions.append(.register(initialStatus: nil))
            }
            actions.append(.setMaintenance(true))
        } else if event == .event(.exitMaintenance, from: .global), health == .maintenance {
            health = .unknown
            if registered { actions.append(.setMaintenance(false)) }
            // Back in rotation: a verdict now, not at the next interval.
            checkIfFollowingProcess(&actions)
        }
    }

    /// Under ``HealthRule/followsProcess(settleTime:)``: runs the check now (the process started or exited, the
    /// job started, maintenance ended), unless in maintenance.
    private func checkIfFollowingProcess(_ actions: inout [JobAction]) {
        guard case .followsProcess = healthRule, job.health != nil, health != .maintenance else { return }
        switch phase {
        case .waiting, .running: actions.append(.runHealthCheck)
        case .notStarted, .stopping, .finished: return
        }
    }

    // MARK: Stopping

    private mutating func stop(at now: ContinuousClock.Instant, _ actions: inout [JobAction]) {
        guard !stopRequested else { return }
        stopRequested = true
        pendingRun = false
        for timer in [JobTimer.interval, .healthCheck] { cancel(timer, &actions) }
        publishStopping(&actions)
        deregister(&actions)
        if phase == .notStarted {
            complete(&actions)
            return
        }
        if runsAtShutdown && (processRunning || startsRemaining != 0) {
            // Its event is coming with the others' stop: it runs to its end, then completes.
            if !processRunning { phase = .waiting }
            return
        }
        cancel(.startTimeout, &actions)
        if pendingPreStopJobs.isEmpty {
            terminate(at: now, &actions)
        } else {
            phase = .stopping(.awaitingPreStopJobs)
            arm(.stopTimeout, at: now + stopTimeout, &actions)
        }
    }

    /// Counts a pre-stop job as done when it exits or stops; a stop waiting for it goes on once all are done.
    private mutating func notePreStopProgress(
        _ event: EngineEvent, at now: ContinuousClock.Instant, _ actions: inout [JobAction]
    ) {
        if case .ended(.job(let name)) = event, pendingPreStopJobs.remove(name) != nil {
            // A pre-stop job that is done (it ran for an earlier stop, or never will) is not waited for.
            if pendingPreStopJobs.isEmpty, phase == .stopping(.awaitingPreStopJobs) {
                cancel(.stopTimeout, &actions)
                terminate(at: now, &actions)
            }
            return
        }
        guard case .event(let code, from: .job(let name)) = event, pendingPreStopJobs.contains(name) else { return }
        switch code {
        case .stopped:
            pendingPreStopJobs.remove(name)
        case .exitSuccess, .exitFailed:
            // An exit before this job's stop is a run of the pre-stop job for another reason.
            guard stopRequested else { return }
            pendingPreStopJobs.remove(name)
        default:
            return
        }
        if pendingPreStopJobs.isEmpty, phase == .stopping(.awaitingPreStopJobs) {
            cancel(.stopTimeout, &actions)
            terminate(at: now, &actions)
        }
    }

    /// Asks the process to exit and gives it the stop timeout, or completes when none runs.
    private mutating func terminate(at now: ContinuousClock.Instant, _ actions: inout [JobAction]) {
        guard processRunning else {
            complete(&actions)
            return
        }
        phase = .stopping(.terminating)
        actions.append(.terminateProcess)
        arm(.stopTimeout, at: now + stopTimeout, &actions)
    }

    private mutating func deregister(_ actions: inout [JobAction]) {
        guard registered else { return }
        registered = false
        actions.append(.deregister)
    }

    private mutating func publishStopping(_ actions: inout [JobAction]) {
        guard !stoppingPublished else { return }
        stoppingPublished = true
        actions.append(.publish(.job(job.name, .stopping)))
    }

    /// The job is done: no process runs. Publishes `stopping` (unless a stop did) and `stopped`, and says so.
    private mutating func complete(_ actions: inout [JobAction]) {
        for timer in JobTimer.allCases { cancel(timer, &actions) }
        publishStopping(&actions)
        deregister(&actions)
        phase = .finished
        actions.append(.publish(.job(job.name, .stopped)))
        actions.append(.finished)
    }

    // MARK: Timer bookkeeping

    private mutating func arm(_ timer: JobTimer, at instant: ContinuousClock.Instant, _ actions: inout [JobAction]) {
        armedTimers.insert(timer)
        actions.append(.armTimer(timer, at: instant))
    }

    private mutating func cancel(_ timer: JobTimer, _ actions: inout [JobAction]) {
        guard armedTimers.remove(timer) != nil else { return }
        actions.append(.cancelTimer(timer))
    }
}
