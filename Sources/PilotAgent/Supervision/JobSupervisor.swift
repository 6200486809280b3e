import DiscoveryModel
import Glibc
import Logging
import ServiceLifecycle

/// Runs one job: starts its process, restarts it by its policy with backoff, and stops it on shutdown
/// (the stop signal to its process group, then SIGKILL after the stop timeout). Returns when the job will
/// not run again, with ``JobHandle/exitCode`` set when the process chose to end.
struct JobSupervisor: Service {
    /// What to run.
    let definition: JobDefinition
    /// Where the job's state and events go.
    let handle: JobHandle
    /// pilot's environment, to which the job's own variables are added.
    let baseEnvironment: [String: String]
    /// A gate to wait at before the first start, such as the first complete `services.json`.
    var startGate: StartGate? = nil
    let logger: Logger

    func run() async throws {
        if let startGate, !startGate.isOpen {
            logger.info("waiting for the first services.json", metadata: ["job": "\(definition.name)"])
            await cancelWhenGracefulShutdown { await startGate.wait() }
        }
        var decider = RestartDecider(policy: definition.restartPolicy)
        let clock = ContinuousClock()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let started = clock.now
            let termination: ProcessTermination
            var stoppedByPilot = false
            do {
                let pid = try ChildProcesses.shared.spawn(request()).pid
                handle.record(.started(job: definition.name, pid: pid))
                logger.info("started", metadata: ["job": "\(definition.name)", "pid": "\(pid)"])
                (termination, stoppedByPilot) = await waitOrStop(pid)
                ChildProcesses.shared.forget(pid)
            } catch {
                logger.error("\(error)", metadata: ["job": "\(definition.name)"])
                termination = .exited(127)
            }
            handle.record(.exited(job: definition.name, termination: termination))
            if stoppedByPilot {
                logger.info("stopped", metadata: ["job": "\(definition.name)", "how": "\(termination)"])
                handle.record(.finished(job: definition.name, exitCode: 0))
                return
            }
            logger.warning("exited", metadata: ["job": "\(definition.name)", "how": "\(termination)"])
            switch decider.decide(after: termination, runTime: clock.now - started) {
            case .stop(let exitCode):
                logger.notice(
                    "not restarting (restart policy \(definition.restartPolicy.rawValue))",
                    metadata: ["job": "\(definition.name)"])
                handle.record(.finished(job: definition.name, exitCode: exitCode))
                return
            case .restart(let delay):
                logger.info("restarting", metadata: ["job": "\(definition.name)", "after": "\(DurationText.format(delay))"])
                do {
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
                } catch {
                    break
                }
                handle.recordRestart()
            }
        }
        handle.record(.finished(job: definition.name, exitCode: 0))
    }

    private func request() -> SpawnRequest {
        var environment = baseEnvironment
        environment.merge(definition.environment) { _, new in new }
        environment.merge(handle.environment) { _, new in new }
        return SpawnRequest(arguments: definition.arguments, environment: environment)
    }

    /// Waits for the process to exit; on graceful shutdown or cancellation, stops it first.
    /// - Returns: how it ended, and whether pilot stopped it.
    private func waitOrStop(_ pid: pid_t) async -> (ProcessTermination, Bool) {
        let (stopRequests, stopRequested) = AsyncStream.makeStream(of: Void.self)
        let (beforeStopRequests, beforeStopRequested) = AsyncStream.makeStream(of: Void.self)
        let termination = await withTaskCancellationOrGracefulShutdownHandler {
            await withTaskGroup(of: ProcessTermination?.self) { group in
                group.addTask { await ChildProcesses.shared.termination(of: pid) }
                group.addTask { [definition] in
                    var beforeStop = beforeStopRequests.makeAsyncIterator()
                    guard await beforeStop.next() != nil else { return nil }
                    // The hook runs first (a Consul agent leaves its cluster), then the stop signal.
                    await definition.beforeStop?()
                    ChildProcesses.shared.signal(pid, definition.stopSignal, group: true)
                    stopRequested.yield()
                    return nil
                }
                group.addTask { [definition, logger] in
                    // Escalates only once a stop was asked for, and only if the process outlives the timeout.
                    var requests = stopRequests.makeAsyncIterator()
                    guard await requests.next() != nil else { return nil }
                    try? await Task.sleep(for: definition.stopTimeout)
                    guard !Task.isCancelled else { return nil }
                    logger.warning(
                        "did not stop within \(DurationText.format(definition.stopTimeout)); killing its process group",
                        metadata: ["job": "\(definition.name)"])
                    ChildProcesses.shared.signal(pid, SIGKILL, group: true)
                    return nil
                }
                var result: ProcessTermination?
                while let next = await group.next() {
                    if let next {
                        result = next
                        break
                    }
                }
                group.cancelAll()
                stopRequested.finish()
                beforeStopRequested.finish()
                return result!
            }
        } onCancelOrGracefulShutdown: {
            beforeStopRequested.yield()
        }
        // Whatever else is left of its process group goes with it.
        let stopped = Task.isShuttingDownGracefully || Task.isCancelled
        if stopped { ChildProcesses.shared.signal(pid, SIGKILL, group: true) }
        return (termination, stopped)
    }
}
