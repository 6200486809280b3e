import ContainerPilotConfig
import Testing

@testable import PilotAgent

/// The environment contract's start interval: a started process whose check fails (a server that listens a moment
/// after it starts) is checked again after 250 ms, 500 ms, 1 s, … up to the check interval, until it first passes;
/// then, and under ContainerPilot's rule always, the checks keep to the interval.
@Suite struct JobMachineStartRetryTests {
    let health = HealthCheckConfiguration(
        exec: ["./ping"], interval: .seconds(5), ttl: .seconds(11), timeout: .seconds(5), rawLogging: false)
    let service = ServiceDefinition(port: 80, initialStatus: .critical)
    let rule = JobMachine.HealthRule.followsProcess(settleTime: .seconds(5))

    func startedHarness(healthRule: JobMachine.HealthRule) -> JobMachineHarness {
        var harness = JobMachineHarness(
            makeJob(health: health, service: service), restartRule: .supervised(.always), healthRule: healthRule)
        _ = harness.send(.engineStarted)
        _ = harness.send(.processStarted)
        return harness
    }

    @Test func theDelaysDoubleFrom250MillisecondsAndStopShortOfTheInterval() {
        let delays = (1...6).map { JobMachine.startRetryDelay(after: $0, interval: .seconds(5)) }
        #expect(delays == [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), nil])
        #expect(JobMachine.startRetryDelay(after: 1, interval: .milliseconds(200)) == nil)
    }

    @Test func aStartedProcessFailingItsCheckIsCheckedAgainSoonUntilItPasses() {
        var harness = startedHarness(healthRule: rule)
        #expect(harness.send(.healthCheck(passed: false), at: 10).last == .armTimer(.healthCheck, at: harness.at(260)))
        #expect(
            harness.send(.timerFired(.healthCheck), at: 260) == [
                .armTimer(.healthCheck, at: harness.at(5260)), .runHealthCheck,
            ])
        #expect(harness.send(.healthCheck(passed: false), at: 300).last == .armTimer(.healthCheck, at: harness.at(800)))
        _ = harness.send(.timerFired(.healthCheck), at: 800)
        #expect(
            harness.send(.healthCheck(passed: true), at: 820) == [
                .reportHealth(passing: true), harness.published(.healthy),
            ], "passing: the next check is an interval after the last one (5800), as armed when it ran")
        let later = harness.send(.healthCheck(passed: false), at: 5800)
        #expect(!later.contains(where: Self.armsHealthCheck), "after a pass: \(later)")
    }

    @Test func theRetriesEndAtTheInterval() {
        var harness = startedHarness(healthRule: rule)
        var now = 0
        var delays: [Int] = []
        while true {
            let actions = harness.send(.healthCheck(passed: false), at: now)
            guard case .armTimer(.healthCheck, let instant) = actions.last else { break }
            let due = Int((instant - harness.start) / .milliseconds(1))
            delays.append(due - now)
            now = due
            _ = harness.send(.timerFired(.healthCheck), at: now)
        }
        #expect(delays == [250, 500, 1000, 2000, 4000])
        #expect(harness.machine.armedTimers.contains(.healthCheck), "the periodic check goes on")
    }

    @Test func maintenanceKeepsTheRetriesForAfterIt() {
        var harness = startedHarness(healthRule: rule)
        _ = harness.send(.healthCheck(passed: false), at: 10)
        _ = harness.send(.event(.event(.enterMaintenance, from: .global)), at: 20)
        let during = harness.send(.healthCheck(passed: false), at: 30)
        #expect(!during.contains(where: Self.armsHealthCheck), "no check is armed in maintenance: \(during)")
        let exit = harness.send(.event(.event(.exitMaintenance, from: .global)), at: 1000)
        #expect(exit.contains(.runHealthCheck))
        #expect(
            harness.send(.healthCheck(passed: false), at: 1010).last == .armTimer(.healthCheck, at: harness.at(1510)),
            "the second retry (500 ms): the one before maintenance still counts")
    }

    @Test func aJobThatRunsAtShutdownArmsNoRetryOnceStopped() {
        // A job started by another's `stopping` runs after the stop request: its checks are over by then.
        var harness = JobMachineHarness(
            makeJob(when: on(.stopping, from: "main"), health: health, service: service),
            restartRule: .supervised(.always), healthRule: rule)
        _ = harness.send(.engineStarted)
        _ = harness.send(.stopRequested, at: 10)
        #expect(harness.send(.event(.job("main", .stopping)), at: 20).contains(.startProcess))
        _ = harness.send(.processStarted, at: 30)
        let failed = harness.send(.healthCheck(passed: false), at: 40)
        #expect(!failed.contains(where: Self.armsHealthCheck), "\(failed)")
        #expect(!harness.machine.armedTimers.contains(.healthCheck))
    }

    static func armsHealthCheck(_ action: JobAction) -> Bool {
        if case .armTimer(.healthCheck, _) = action { true } else { false }
    }

    @Test func aRestartedProcessGetsTheStartRetriesAgain() {
        var harness = startedHarness(healthRule: rule)
        _ = harness.send(.healthCheck(passed: true))
        let exit = harness.send(.processExited(status: 1), at: 1000)
        #expect(exit.contains(.runHealthCheck))
        let afterExit = harness.send(.healthCheck(passed: false), at: 1010)
        #expect(!afterExit.contains(where: Self.armsHealthCheck), "no fast retry without a process: \(afterExit)")
        _ = harness.send(.timerFired(.restartDelay), at: 2000)
        _ = harness.send(.processStarted, at: 2000)
        let afterRestart = harness.send(.healthCheck(passed: false), at: 2010)
        #expect(afterRestart.last == .armTimer(.healthCheck, at: harness.at(2260)))
    }

    @Test func containerPilotJobsRetryOnlyAtTheirInterval() {
        var harness = startedHarness(healthRule: .containerPilot)
        #expect(
            harness.send(.healthCheck(passed: false), at: 10) == [
                .reportHealth(passing: false), harness.published(.unhealthy),
            ])
    }
}
