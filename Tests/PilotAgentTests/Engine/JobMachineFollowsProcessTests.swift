import ContainerPilotConfig
import Testing

@testable import PilotAgent

/// The environment contract's application job: registered critical at once, its health checked as it starts
/// and at each start and exit of its process (the verdict follows the process), and its start held by a gate
/// (the first `services.json`) while its registration and checks go on.
@Suite struct JobMachineFollowsProcessTests {
    let health = HealthCheckConfiguration(
        exec: ["./ping"], interval: .seconds(5), ttl: .seconds(10), timeout: .seconds(5), rawLogging: false)
    let service = ServiceDefinition(port: 80, initialStatus: .critical)
    let rule = JobMachine.HealthRule.followsProcess(settleTime: .seconds(5))

    @Test func registersAndChecksAtOnceWhileTheGateHoldsTheProcess() {
        var harness = JobMachineHarness(
            makeJob(health: health, service: service), restartRule: .supervised(.always), healthRule: rule,
            gated: true)
        #expect(
            harness.send(.engineStarted) == [
                .register(initialStatus: .critical), .armTimer(.healthCheck, at: harness.at(5000)), .runHealthCheck,
            ])
        #expect(
            harness.send(.healthCheck(passed: false)) == [
                .reportHealth(passing: false), harness.published(.unhealthy),
            ])
        #expect(harness.send(.gateOpened, at: 100) == [.startProcess])
        #expect(harness.send(.gateOpened, at: 200) == [], "the gate opens once")
    }

    @Test func aStartAndAnExitOfTheProcessEachRunTheCheck() {
        var harness = JobMachineHarness(
            makeJob(health: health, service: service), restartRule: .supervised(.always), healthRule: rule)
        _ = harness.send(.engineStarted)
        #expect(harness.send(.processStarted) == [.runHealthCheck])
        let exit = harness.send(.processExited(status: 1), at: 1000)
        #expect(exit.first == harness.published(.exitFailed))
        #expect(exit.contains(.runHealthCheck), "critical at once, not at the next interval: \(exit)")
    }

    @Test func theExitOfAStoppingProcessRunsNoCheck() {
        var harness = JobMachineHarness(
            makeJob(health: health, service: service), restartRule: .supervised(.always), healthRule: rule)
        _ = harness.startEngineAndProcess()
        _ = harness.send(.stopRequested)
        #expect(!harness.send(.processExited(status: 0)).contains(.runHealthCheck))
    }

    @Test func leavingMaintenanceRunsTheCheckAtOnce() {
        var harness = JobMachineHarness(
            makeJob(health: health, service: service), restartRule: .supervised(.always), healthRule: rule)
        _ = harness.startEngineAndProcess()
        #expect(harness.send(.event(.event(.enterMaintenance, from: .global))) == [.setMaintenance(true)])
        #expect(harness.send(.processExited(status: 1)).contains(.runHealthCheck) == false, "no check in maintenance")
        #expect(
            harness.send(.event(.event(.exitMaintenance, from: .global))) == [.setMaintenance(false), .runHealthCheck])
    }

    @Test func containerPilotJobsKeepToTheirInterval() {
        var harness = JobMachineHarness(makeJob(health: health, service: service), restartRule: .supervised(.always))
        #expect(!harness.send(.engineStarted).contains(.runHealthCheck))
        #expect(harness.send(.processStarted) == [])
        #expect(!harness.send(.processExited(status: 1)).contains(.runHealthCheck))
    }

    @Test func aStopBeforeTheGateOpensDeregistersAndFinishesWithoutAProcess() {
        var harness = JobMachineHarness(
            makeJob(health: health, service: service), restartRule: .supervised(.always), healthRule: rule,
            gated: true)
        _ = harness.send(.engineStarted)
        let stop = harness.send(.stopRequested)
        #expect(stop.contains(.deregister))
        #expect(stop.last == .finished)
        #expect(!stop.contains(.startProcess))
    }

    @Test func aJobWithoutAProcessKeepsItsRegistrationCheckedUntilStopped() {
        var harness = JobMachineHarness(
            makeJob(exec: nil, health: health, service: service), restartRule: .supervised(.always), healthRule: rule)
        #expect(harness.send(.engineStarted).contains(.runHealthCheck))
        #expect(harness.send(.healthCheck(passed: true)) == [.reportHealth(passing: true), harness.published(.healthy)])
        #expect(harness.send(.timerFired(.healthCheck), at: 5000).contains(.runHealthCheck))
        #expect(!harness.machine.isFinished)
    }
}
