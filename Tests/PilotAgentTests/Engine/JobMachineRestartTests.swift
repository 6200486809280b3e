import ContainerPilotConfig
import Testing

@testable import PilotAgent

/// Restarts after the job's own exits, and periodic jobs, whose runs are not restarts.
@Suite struct JobMachineRestartTests {
    /// Runs a job started at startup whose every run exits at once, until it finishes or `limit` runs.
    func runs(of job: JobConfiguration, exitStatus: Int32 = 0, limit: Int = 50) -> Int {
        var harness = JobMachineHarness(job)
        var actions = harness.send(.engineStarted)
        var count = 0
        while actions.contains(.startProcess), count < limit {
            count += 1
            _ = harness.send(.processStarted)
            actions = harness.send(.processExited(status: exitStatus))
        }
        return count
    }

    /// ContainerPilot's TestJobRunRestarts: `restarts: 3` is 4 runs, `"1"` is 2, `never` and `0` are 1.
    @Test(arguments: [
        (JobRestartPolicy.limited(3), 4), (.limited(1), 2), (.never, 1), (.limited(0), 1),
    ])
    func aJobRunsOnceMoreForEachRestart(policy: JobRestartPolicy, expectedRuns: Int) {
        #expect(runs(of: makeJob(restarts: policy)) == expectedRuns)
        #expect(runs(of: makeJob(restarts: policy), exitStatus: 1) == expectedRuns)
    }

    @Test func unlimitedRestartsNeverRunOut() {
        #expect(runs(of: makeJob(restarts: .unlimited), limit: 1000) == 1000)
    }

    @Test func aSuccessAndAFailureEachCountAsOneRestart() {
        var harness = JobMachineHarness(makeJob(restarts: .limited(1)))
        _ = harness.startEngineAndProcess()
        #expect(harness.send(.processExited(status: 1)) == [harness.published(.exitFailed), .startProcess])
        #expect(
            harness.send(.processExited(status: 0)) == [
                harness.published(.exitSuccess), harness.published(.stopping), harness.published(.stopped), .finished,
            ])
    }

    @Test func anEachJobOutOfRestartsWaitsForItsNextEvent() {
        let trigger = JobTrigger.event(.changed, from: .watch("db"), repetition: .each, timeout: nil)
        var harness = JobMachineHarness(makeJob(when: trigger, restarts: .limited(1)))
        _ = harness.send(.engineStarted)
        let changed = JobInput.event(.event(.changed, from: .watch("db")))
        #expect(harness.send(changed) == [.startProcess])
        #expect(harness.send(.processExited(status: 1)) == [harness.published(.exitFailed), .startProcess])
        #expect(harness.send(.processExited(status: 1)) == [harness.published(.exitFailed)])
        #expect(harness.machine.phase == .waiting)
        #expect(harness.send(changed) == [.startProcess])
    }

    /// ContainerPilot's TestJobRunPeriodic: every 250 ms with `restarts: 2` is exactly 3 runs.
    @Test func aPeriodicJobRunsAtStartupAndThenOncePerIntervalForEachRestart() {
        let period = Duration.milliseconds(250)
        var harness = JobMachineHarness(makeJob(when: .interval(period), restarts: .limited(2), timeout: period))
        #expect(harness.send(.engineStarted, at: 0) == [.armTimer(.interval, at: harness.at(250)), .startProcess])
        #expect(harness.send(.processStarted, at: 0) == [.armTimer(.runTimeout, at: harness.at(250))])
        #expect(
            harness.send(.processExited(status: 0), at: 20) == [
                .cancelTimer(.runTimeout), harness.published(.exitSuccess),
            ])
        #expect(harness.machine.phase == .waiting)
        for tick in [250, 500] {
            #expect(
                harness.send(.timerFired(.interval), at: tick) == [
                    .armTimer(.interval, at: harness.at(tick + 250)), .startProcess,
                ])
            #expect(harness.send(.processStarted, at: tick) == [.armTimer(.runTimeout, at: harness.at(tick + 250))])
            #expect(
                harness.send(.processExited(status: 0), at: tick + 20) == [
                    .cancelTimer(.runTimeout), harness.published(.exitSuccess),
                ])
        }
        #expect(harness.send(.timerFired(.interval), at: 750) == [harness.published(.stopping), harness.published(.stopped), .finished])
    }

    @Test func aFailedPeriodicRunIsNotRestarted() {
        var harness = JobMachineHarness(makeJob(when: .interval(.seconds(10)), restarts: .unlimited))
        _ = harness.startEngineAndProcess(at: 0)
        #expect(harness.send(.processExited(status: 1), at: 5) == [harness.published(.exitFailed)])
        #expect(harness.machine.phase == .waiting)
    }

    @Test func aLateTickDoesNotShiftLaterRuns() {
        var harness = JobMachineHarness(makeJob(when: .interval(.seconds(1)), restarts: .unlimited))
        _ = harness.startEngineAndProcess(at: 0)
        _ = harness.send(.processExited(status: 0), at: 10)
        #expect(
            harness.send(.timerFired(.interval), at: 1090) == [
                .armTimer(.interval, at: harness.at(2000)), .startProcess,
            ]
        )
    }

    @Test func aTickDuringARunStartsTheNextRunWhenItExits() {
        var harness = JobMachineHarness(
            makeJob(when: .interval(.seconds(1)), restarts: .unlimited, timeout: .seconds(5)))
        _ = harness.startEngineAndProcess(at: 0)
        #expect(harness.send(.timerFired(.interval), at: 1000) == [.armTimer(.interval, at: harness.at(2000))])
        #expect(
            harness.send(.processExited(status: 0), at: 1500) == [
                .cancelTimer(.runTimeout), harness.published(.exitSuccess), .startProcess,
            ])
    }

    @Test func aPeriodicJobOutOfRunsFinishesWhenItsLastRunExits() {
        var harness = JobMachineHarness(makeJob(when: .interval(.seconds(1)), restarts: .never))
        _ = harness.startEngineAndProcess(at: 0)
        #expect(harness.send(.timerFired(.interval), at: 1000) == [])
        #expect(
            harness.send(.processExited(status: 0), at: 1200) == [
                harness.published(.exitSuccess), harness.published(.stopping), harness.published(.stopped), .finished,
            ])
    }
}
