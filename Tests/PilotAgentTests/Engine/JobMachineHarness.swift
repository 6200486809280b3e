import ContainerPilotConfig
import DiscoveryModel

@testable import PilotAgent

/// Drives a ``JobMachine`` with scripted inputs at instants given in milliseconds from a fixed start.
struct JobMachineHarness {
    let start = ContinuousClock.now
    var machine: JobMachine

    init(
        _ job: JobConfiguration, preStopJobs: [String] = [], fallbackStopTimeout: Duration = .seconds(5),
        restartRule: JobMachine.RestartRule = .containerPilot, healthRule: JobMachine.HealthRule = .containerPilot,
        gated: Bool = false
    ) {
        machine = JobMachine(
            job: job, preStopJobs: preStopJobs, fallbackStopTimeout: fallbackStopTimeout, restartRule: restartRule,
            healthRule: healthRule, gated: gated)
    }

    /// The instant `milliseconds` after the start.
    func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }

    /// Feeds `input` at `milliseconds` and returns the machine's actions.
    mutating func send(_ input: JobInput, at milliseconds: Int = 0) -> [JobAction] {
        machine.handle(input, at: at(milliseconds))
    }

    /// The job's own event `code`, as the machine publishes it.
    func published(_ code: EventCode) -> JobAction {
        .publish(.job(machine.job.name, code))
    }

    /// Starts the engine and lets the process asked for (if any) start; returns the actions of both steps.
    mutating func startEngineAndProcess(at milliseconds: Int = 0) -> [JobAction] {
        var actions = send(.engineStarted, at: milliseconds)
        if actions.contains(.startProcess) { actions += send(.processStarted, at: milliseconds) }
        return actions
    }
}

/// A job as the configuration parser would resolve it, with the defaults of ContainerPilot's documentation.
func makeJob(
    _ name: String = "app", exec: [String]? = ["/bin/app"], when trigger: JobTrigger = .atStartup,
    restarts: JobRestartPolicy = .never, timeout: Duration? = nil, stopTimeout: Duration = .zero,
    health: HealthCheckConfiguration? = nil, service: ServiceDefinition? = nil
) -> JobConfiguration {
    JobConfiguration(
        name: name, exec: exec, trigger: trigger, restarts: restarts, timeout: timeout, stopTimeout: stopTimeout,
        health: health, service: service, location: SourceLocation(file: "engine-test.json5", line: 1, column: 1)
    )
}

/// A `when` on `code` from job `source`.
func on(
    _ code: EventCode, from source: String, _ repetition: JobTrigger.Repetition = .once, timeout: Duration? = nil
) -> JobTrigger {
    .event(code, from: .job(source), repetition: repetition, timeout: timeout)
}
