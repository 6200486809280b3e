import ContainerPilotConfig
import Testing

@testable import PilotAgent

/// When a job's process starts: at startup, once or each time an event comes, on signals, and when it waits in
/// vain (`when.timeout`).
@Suite struct JobMachineStartTests {
    @Test func aJobWithoutWhenStartsWhenTheEngineStarts() {
        var harness = JobMachineHarness(makeJob())
        #expect(harness.send(.engineStarted) == [.startProcess])
        #expect(harness.send(.processStarted) == [])
        #expect(harness.machine.phase == .running)
    }

    @Test func theStartupEventFromTheHubDoesNotStartTheJobAgain() {
        var harness = JobMachineHarness(makeJob(restarts: .unlimited))
        #expect(harness.startEngineAndProcess() == [.startProcess])
        #expect(harness.send(.event(.startup)) == [])
        #expect(harness.send(.processExited(status: 0)) == [harness.published(.exitSuccess), .startProcess])
        #expect(harness.send(.event(.startup)) == [])
    }

    @Test func eventsBeforeTheEngineStartsAreIgnored() {
        var harness = JobMachineHarness(makeJob(when: on(.exitSuccess, from: "setup")))
        #expect(harness.send(.event(.job("setup", .exitSuccess))) == [])
        #expect(harness.send(.engineStarted) == [])
        #expect(harness.send(.event(.job("setup", .exitSuccess))) == [.startProcess])
    }

    @Test func aOnceJobStartsOnItsFirstEventOnlyAndThenFinishes() {
        var harness = JobMachineHarness(makeJob(when: on(.exitSuccess, from: "setup")))
        #expect(harness.send(.engineStarted) == [])
        #expect(harness.send(.event(.job("setup", .exitFailed))) == [])
        #expect(harness.send(.event(.job("other", .exitSuccess))) == [])
        #expect(harness.send(.event(.job("setup", .exitSuccess))) == [.startProcess])
        #expect(harness.send(.processStarted) == [])
        #expect(harness.send(.event(.job("setup", .exitSuccess))) == [])
        #expect(
            harness.send(.processExited(status: 0)) == [
                harness.published(.exitSuccess), harness.published(.stopping), harness.published(.stopped), .finished,
            ])
        #expect(harness.send(.event(.job("setup", .exitSuccess))) == [])
        #expect(harness.machine.isFinished)
    }

    /// ContainerPilot's "start once only with 2 restarts": the job restarts on its own exits, never on its event.
    @Test func aOnceJobWithRestartsRestartsOnExitButIgnoresLaterEvents() {
        var harness = JobMachineHarness(makeJob(when: on(.changed, from: "upstream"), restarts: .limited(2)))
        _ = harness.send(.engineStarted)
        #expect(harness.send(.event(.job("upstream", .changed))) == [.startProcess])
        #expect(harness.send(.event(.job("upstream", .changed))) == [])
        #expect(harness.send(.processExited(status: 0)) == [harness.published(.exitSuccess), .startProcess])
        #expect(harness.send(.event(.job("upstream", .changed))) == [])
        #expect(harness.send(.processExited(status: 1)) == [harness.published(.exitFailed), .startProcess])
        #expect(
            harness.send(.processExited(status: 0)) == [
                harness.published(.exitSuccess), harness.published(.stopping), harness.published(.stopped), .finished,
            ])
    }

    @Test func anEachJobStartsOnEveryEventAndWaitsBetweenThem() {
        let trigger = JobTrigger.event(.changed, from: .watch("db"), repetition: .each, timeout: nil)
        var harness = JobMachineHarness(makeJob("reload", when: trigger))
        #expect(harness.send(.engineStarted) == [])
        #expect(harness.send(.event(.event(.changed, from: .job("db")))) == [])
        #expect(harness.send(.event(.event(.changed, from: .watch("db")))) == [.startProcess])
        #expect(harness.send(.processExited(status: 0)) == [harness.published(.exitSuccess)])
        #expect(harness.machine.phase == .waiting)
        #expect(harness.send(.event(.event(.changed, from: .watch("db")))) == [.startProcess])
    }

    /// Never two processes of one job: events during a run are merged into one more run after it exits.
    @Test func eachEventsDuringARunStartOneMoreRunAfterTheExit() {
        let trigger = JobTrigger.event(.changed, from: .watch("db"), repetition: .each, timeout: nil)
        var harness = JobMachineHarness(makeJob("reload", when: trigger))
        _ = harness.send(.engineStarted)
        let changed = JobInput.event(.event(.changed, from: .watch("db")))
        #expect(harness.send(changed) == [.startProcess])
        #expect(harness.send(changed) == [])
        #expect(harness.send(changed) == [])
        #expect(harness.send(.processExited(status: 1)) == [harness.published(.exitFailed), .startProcess])
        #expect(harness.send(.processExited(status: 0)) == [harness.published(.exitSuccess)])
        #expect(harness.machine.phase == .waiting)
    }

    @Test func aSignalJobStartsOnEachOfItsSignalOnly() {
        var harness = JobMachineHarness(makeJob("dump", when: .signal(.hangup, timeout: nil)))
        #expect(harness.send(.engineStarted) == [])
        #expect(harness.send(.event(.signal(.user2))) == [])
        #expect(harness.send(.event(.signal(.hangup))) == [.startProcess])
        #expect(harness.send(.processExited(status: 0)) == [harness.published(.exitSuccess)])
        #expect(harness.send(.event(.signal(.hangup))) == [.startProcess])
    }

    @Test func maintenanceEventsCanStartAJob() {
        let trigger = JobTrigger.event(.enterMaintenance, from: .global, repetition: .each, timeout: nil)
        var harness = JobMachineHarness(makeJob("drain", when: trigger))
        _ = harness.send(.engineStarted)
        #expect(harness.send(.event(.event(.enterMaintenance, from: .global))) == [.startProcess])
    }

    /// ContainerPilot's TestJobRunStartupTimeout; the given-up job publishes `stopped` (it was not asked to stop,
    /// so no `stopping`; ContainerPilot's `timerExpired` is not an event a job can name).
    @Test func aJobWhoseEventDoesNotComeBeforeWhenTimeoutIsGivenUp() {
        var harness = JobMachineHarness(makeJob(when: on(.healthy, from: "db", timeout: .milliseconds(100))))
        #expect(harness.send(.engineStarted, at: 0) == [.armTimer(.startTimeout, at: harness.at(100))])
        #expect(harness.send(.timerFired(.startTimeout), at: 100) == [harness.published(.stopping), harness.published(.stopped), .finished])
        #expect(harness.send(.event(.job("db", .healthy)), at: 150) == [])
    }

    /// ContainerPilot's TestJobRunStartupNoTimeout.
    @Test func theEventBeforeWhenTimeoutCancelsTheTimeout() {
        var harness = JobMachineHarness(makeJob(when: on(.healthy, from: "db", timeout: .milliseconds(100))))
        _ = harness.send(.engineStarted, at: 0)
        #expect(harness.send(.event(.job("db", .healthy)), at: 50) == [.cancelTimer(.startTimeout), .startProcess])
        // A firing already under way when the timer was cancelled changes nothing.
        #expect(harness.send(.timerFired(.startTimeout), at: 100) == [])
        #expect(harness.machine.phase == .running)
    }

    @Test func aSignalJobIsGivenUpAfterItsWhenTimeoutToo() {
        var harness = JobMachineHarness(makeJob("dump", when: .signal(.user2, timeout: .seconds(1))))
        #expect(harness.send(.engineStarted, at: 0) == [.armTimer(.startTimeout, at: harness.at(1000))])
        #expect(harness.send(.timerFired(.startTimeout), at: 1000) == [harness.published(.stopping), harness.published(.stopped), .finished])
    }

    @Test func aProcessRunningPastItsTimeoutIsKilled() {
        var harness = JobMachineHarness(makeJob(timeout: .seconds(2)))
        #expect(harness.send(.engineStarted, at: 0) == [.startProcess])
        #expect(harness.send(.processStarted, at: 10) == [.armTimer(.runTimeout, at: harness.at(2010))])
        #expect(harness.send(.timerFired(.runTimeout), at: 2010) == [.killProcess])
        #expect(
            harness.send(.processExited(status: 137), at: 2011) == [
                harness.published(.exitFailed), harness.published(.stopping), harness.published(.stopped), .finished,
            ])
    }

    @Test func anExitBeforeTheTimeoutCancelsIt() {
        var harness = JobMachineHarness(makeJob(timeout: .seconds(2)))
        _ = harness.startEngineAndProcess()
        #expect(
            harness.send(.processExited(status: 0), at: 500) == [
                .cancelTimer(.runTimeout), harness.published(.exitSuccess), harness.published(.stopping), harness.published(.stopped), .finished,
            ])
    }

    @Test func aJobWithoutExecStartsNothingAndKeepsGoing() {
        var harness = JobMachineHarness(makeJob("web", exec: nil))
        #expect(harness.send(.engineStarted) == [])
        #expect(harness.machine.phase == .waiting)
        #expect(harness.send(.processExited(status: 0)) == [])
    }

    @Test func aJobMayReactToItsOwnEvents() {
        let trigger = JobTrigger.event(.exitFailed, from: .job("retry"), repetition: .each, timeout: nil)
        var harness = JobMachineHarness(makeJob("retry", when: trigger))
        _ = harness.send(.engineStarted)
        #expect(harness.send(.event(.job("retry", .exitFailed))) == [.startProcess])
        #expect(harness.send(.processExited(status: 1)) == [harness.published(.exitFailed)])
        #expect(harness.send(.event(.job("retry", .exitFailed))) == [.startProcess])
    }
}
