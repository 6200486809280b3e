import ConsulAPI
import DiscoveryModel
import Logging
import ServiceLifecycle

/// Registers the service in Consul and keeps its TTL check true: registered critical before the first
/// verdict (so it shows as starting), `./ping` every interval, critical at once when the process exits,
/// re-registered within one beat when Consul has lost it, deregistered on shutdown.
struct ServiceRegistration: Service, CustomStringConvertible {
    let configuration: AgentConfiguration
    let address: IPAddress
    let client: ConsulClient
    /// The managed service, when pilot runs one.
    let job: JobHandle?
    /// Maintenance requests from the control socket.
    let control: RegistrationControl
    /// Where the registration's state is shown.
    let status: AgentStatus
    let logger: Logger

    var description: String { "ServiceRegistration(\(configuration.settings.serviceID))" }

    /// What reaches the registration's loop; one unbounded stream, so nothing is dropped.
    private enum Input: Sendable {
        case beat
        case processStarted
        case processExited
        case checkFinished(HealthVerdict)
        case retryDue
        case request(RequestChannel<RegistrationControl.MaintenanceRequest, Void>.Envelope)
    }

    func run() async throws {
        let ping = TimedCommand(
            arguments: configuration.ping, timeout: configuration.checkTimeout,
            environment: ProcessEnvironment.current)
        let (inputs, input) = AsyncStream.makeStream(of: Input.self, bufferingPolicy: .unbounded)

        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                var machine = RegistrationMachine(maximumBackoff: configuration.checkInterval)
                var link = ConsulLinkState(logger: logger)
                group.addTask {
                    // A beat every interval, on a fixed schedule that does not drift.
                    let clock = ContinuousClock()
                    var next = clock.now
                    while !Task.isCancelled {
                        next = next.advanced(by: configuration.checkInterval)
                        try? await Task.sleep(until: next, clock: clock)
                        input.yield(.beat)
                    }
                }
                if let job {
                    group.addTask {
                        for await event in job.events() {
                            switch event {
                            case .started: input.yield(.processStarted)
                            case .exited, .finished: input.yield(.processExited)
                            }
                        }
                    }
                }
                group.addTask {
                    for await envelope in control.channel.requests { input.yield(.request(envelope)) }
                }
                // The one retry timer, re-armed by each decision that asks for a wake-up.
                var retryTimer: Task<Void, Never>?
                defer { retryTimer?.cancel() }

                func perform(_ initial: [RegistrationMachine.Action]) async {
                    var actions = initial
                    while !actions.isEmpty && !Task.isCancelled {
                        let action = actions.removeFirst()
                        switch action {
                        case .register:
                            if await hasLeader(&link), await register(&link) {
                                actions += machine.registered()
                            } else {
                                actions += machine.registrationFailed(at: .now)
                            }
                        case .runCheck:
                            let state = jobState
                            group.addTask {
                                let running = state.map { $0.phase == .running } ?? true
                                let result = running && ping.exists ? await ping.run() : nil
                                if let result { PilotMetrics.checkDuration(result.duration) }
                                input.yield(.checkFinished(HealthVerdict.decide(job: jobState, ping: result,
                                    settleTime: configuration.checkInterval)))
                            }
                        case .report(let verdict):
                            actions += await report(verdict, machine: &machine, link: &link)
                        case .applyMaintenance(let on, let reason):
                            if (try? await applyMaintenance(on, reason: reason)) != nil {
                                actions += machine.maintenanceApplied(on: on)
                            } else {
                                actions += machine.maintenanceFailed()
                            }
                        case .retry(let instant):
                            logger.debug("retrying registration", metadata: ["in": "\(instant - .now)"])
                            retryTimer?.cancel()
                            retryTimer = Task {
                                try? await Task.sleep(until: instant, clock: .continuous)
                                if !Task.isCancelled { input.yield(.retryDue) }
                            }
                        }
                    }
                }

                await perform(machine.start())
                for await event in inputs {
                    if Task.isCancelled { break }
                    switch event {
                    case .beat:
                        await perform(machine.beat())
                    case .processStarted:
                        await perform(machine.processChanged(exitVerdict: nil))
                    case .processExited:
                        let verdict = HealthVerdict.decide(job: jobState, ping: nil, settleTime: configuration.checkInterval)
                        await perform(machine.processChanged(exitVerdict: verdict.status == .passing ? nil : verdict))
                    case .checkFinished(let verdict):
                        await perform(machine.checkFinished(verdict))
                    case .retryDue:
                        await perform(machine.retryDue(at: .now))
                    case .request(let envelope):
                        let request = envelope.request
                        switch machine.maintenanceRequested(on: request.on, reason: request.reason) {
                        case .deferred:
                            envelope.answer(.failure(MaintenanceDeferred(on: request.on, lastError: link.lastFailure)))
                        case .applyNow:
                            do {
                                try await applyMaintenance(request.on, reason: request.reason)
                                envelope.answer(.success(()))
                                await perform(machine.maintenanceApplied(on: request.on))
                            } catch {
                                envelope.answer(.failure(error))
                                await perform(machine.maintenanceFailed())
                            }
                        }
                    }
                }
                group.cancelAll()
            }
        }
        input.finish()
        control.channel.close()
        await deregister()
    }

    /// Turns Consul's maintenance mode on or off for the service.
    private func applyMaintenance(_ on: Bool, reason: String) async throws {
        if on {
            try await client.agent.enableMaintenance(serviceID: serviceID, reason: reason)
        } else {
            try await client.agent.disableMaintenance(serviceID: serviceID)
        }
        status.setMaintenance(on)
        logger.notice(on ? "maintenance on: \(reason)" : "maintenance off")
    }

    private var serviceID: String { configuration.settings.serviceID }

    private var jobState: JobHandle.Snapshot? { job?.snapshot }

    private var registration: AgentServiceRegistration {
        let settings = configuration.settings
        return AgentServiceRegistration(
            name: settings.registeredName,
            id: settings.serviceID,
            address: address.description,
            port: settings.servicePort,
            tags: configuration.tags,
            meta: configuration.meta,
            check: .ttl(
                configuration.checkTTL, checkID: configuration.checkID, name: "\(settings.registeredName) health",
                deregisterCriticalServiceAfter: configuration.deregisterCriticalAfter)
        )
    }

    /// Whether the cluster has a leader: pilot's own client agent has joined, or any agent is usable.
    private func hasLeader(_ link: inout ConsulLinkState) async -> Bool {
        do {
            let leader = try await client.status.leader()
            if leader.isEmpty {
                link.failed(ConsulLinkState.NoLeader(), doing: "register")
                return false
            }
            return true
        } catch {
            link.failed(error, doing: "reach Consul")
            return false
        }
    }

    /// Registers the service; its TTL check starts critical. Returns whether Consul took it.
    private func register(_ link: inout ConsulLinkState) async -> Bool {
        do {
            try await client.agent.register(registration)
            link.succeeded()
            status.setRegistered(true)
            logger.info(
                "registered",
                metadata: ["service": "\(configuration.settings.serviceID)", "address": "\(address)",
                    "port": "\(configuration.settings.servicePort ?? 0)"])
            return true
        } catch {
            link.failed(error, doing: "register")
            return false
        }
    }

    /// Sends a verdict, and returns what the machine makes of the outcome.
    private func report(
        _ verdict: HealthVerdict, machine: inout RegistrationMachine, link: inout ConsulLinkState
    ) async -> [RegistrationMachine.Action] {
        do {
            try await client.agent.updateCheck(configuration.checkID, status: verdict.status, output: verdict.output)
            link.succeeded()
            link.reported(verdict)
            status.setCheck(status: verdict.status.rawValue, output: verdict.output)
            PilotMetrics.healthCheck(passed: verdict.status == .passing)
            return machine.reported()
        } catch let error as ConsulError where Self.isLostRegistration(error) {
            // Consul restarted or dropped the service: register again, then report.
            logger.warning("Consul no longer knows the service; registering it again")
            status.setRegistered(false)
            return machine.reportFailed(lost: true)
        } catch {
            link.failed(error, doing: "update the health check")
            return machine.reportFailed(lost: false)
        }
    }

    /// Deregisters, giving Consul a few seconds at most: a Consul that does not answer must not keep the
    /// service from being stopped.
    private func deregister() async {
        do {
            try await Deadline.run(within: .seconds(3)) { [client, serviceID] in
                try await client.agent.deregister(serviceID: serviceID)
            }
            status.setRegistered(false)
            logger.info("deregistered", metadata: ["service": "\(configuration.settings.serviceID)"])
        } catch {
            logger.error("could not deregister: \(error)")
        }
    }

    /// Whether Consul's answer means it no longer has the check (an agent restart, dev data gone).
    static func isLostRegistration(_ error: ConsulError) -> Bool {
        if error.code == .notFound { return true }
        let message = (error.consulMessage ?? "").lowercased()
        return message.contains("does not have associated ttl") || message.contains("unknown check")
            || message.contains("not found")
    }
}
