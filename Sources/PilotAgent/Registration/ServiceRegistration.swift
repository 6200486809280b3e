import ConsulAPI
import DiscoveryModel
import Logging
import ServiceLifecycle

/// Registers the service in Consul and keeps its TTL check true: registered critical before the first
/// verdict (so it shows as starting), `./ping` every interval, critical at once when the process exits,
/// re-registered within one beat when Consul has lost it, deregistered on shutdown.
struct ServiceRegistration: Service {
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

    private enum Trigger: Sendable {
        case beat
        case jobChanged
        case request(RegistrationControl.Request)
    }

    func run() async throws {
        let ping = TimedCommand(
            arguments: configuration.ping, timeout: configuration.checkTimeout,
            environment: ProcessEnvironment.current)
        let (triggers, trigger) = AsyncStream.makeStream(of: Trigger.self, bufferingPolicy: .bufferingNewest(4))

        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                var link = ConsulLinkState(logger: logger, status: status)
                group.addTask {
                    // A beat now, then one every interval, on a fixed schedule that does not drift.
                    let clock = ContinuousClock()
                    var next = clock.now
                    while !Task.isCancelled {
                        trigger.yield(.beat)
                        next = next.advanced(by: configuration.checkInterval)
                        try? await Task.sleep(until: next, clock: clock)
                    }
                }
                if let job {
                    group.addTask {
                        for await _ in job.events() { trigger.yield(.jobChanged) }
                    }
                }
                group.addTask {
                    for await request in control.requests { trigger.yield(.request(request)) }
                }
                var registered = false
                var maintenance: (on: Bool, reason: String) = (false, "")
                for await event in triggers {
                    if Task.isCancelled { break }
                    if !registered {
                        registered = await registerWithBackoff(&link)
                        if !registered { break }
                        // A registration made again (Consul lost it) must not end maintenance.
                        if maintenance.on { try? await client.agent.enableMaintenance(serviceID: serviceID, reason: maintenance.reason) }
                    }
                    if case .request(let request) = event {
                        do {
                            if request.maintenance {
                                try await client.agent.enableMaintenance(serviceID: serviceID, reason: request.reason)
                            } else {
                                try await client.agent.disableMaintenance(serviceID: serviceID)
                            }
                            maintenance = (request.maintenance, request.reason)
                            status.setMaintenance(request.maintenance)
                            logger.notice(request.maintenance ? "maintenance on: \(request.reason)" : "maintenance off")
                            request.reply.resume()
                        } catch {
                            request.reply.resume(throwing: error)
                            continue
                        }
                        // Back in rotation: a verdict now, not at the next beat.
                        if request.maintenance { continue }
                    }
                    let jobRunning = jobState.map { $0.phase == .running } ?? true
                    if case .jobChanged = event, !jobRunning {
                        // An exit is reported at once, without waiting for the next beat.
                        registered = await report(HealthVerdict.decide(job: jobState, ping: nil), link: &link)
                        continue
                    }
                    // A beat, or a (re)start: ask ./ping now rather than at the next beat.
                    let result = jobRunning && ping.exists ? await ping.run() : nil
                    if let result { PilotMetrics.checkDuration(result.duration) }
                    registered = await report(HealthVerdict.decide(job: jobState, ping: result), link: &link)
                }
                group.cancelAll()
            }
        }
        trigger.finish()
        await deregister()
    }

    private var serviceID: String { configuration.settings.serviceID }

    private var jobState: (phase: JobHandle.Phase, lastTermination: ProcessTermination?)? {
        job.map { ($0.phase, $0.lastTermination) }
    }

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

    /// Registers, retrying with exponential backoff (250 ms doubling, capped at the check interval) while
    /// Consul cannot be reached. Returns false only when cancelled.
    private func registerWithBackoff(_ link: inout ConsulLinkState) async -> Bool {
        var delay = Duration.milliseconds(250)
        while !Task.isCancelled {
            if await hasLeader(&link), await register(&link) { return true }
            logger.debug("retrying registration", metadata: ["in": "\(delay)"])
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, configuration.checkInterval)
        }
        return false
    }

    /// Sends a verdict. Returns whether the service is still registered as far as pilot knows.
    private func report(_ verdict: HealthVerdict, link: inout ConsulLinkState) async -> Bool {
        do {
            try await client.agent.updateCheck(configuration.checkID, status: verdict.status, output: verdict.output)
            link.succeeded()
            link.reported(verdict)
            status.setCheck(status: verdict.status.rawValue, output: verdict.output)
            PilotMetrics.healthCheck(passed: verdict.status == .passing)
            return true
        } catch let error as ConsulError where Self.isLostRegistration(error) {
            // Consul restarted or dropped the service: register again now, then report.
            logger.warning("Consul no longer knows the service; registering it again")
            status.setRegistered(false)
            guard await register(&link) else { return false }
            return await report(verdict, link: &link)
        } catch {
            link.failed(error, doing: "update the health check")
            return true
        }
    }

    private func deregister() async {
        do {
            try await client.agent.deregister(serviceID: configuration.settings.serviceID)
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
