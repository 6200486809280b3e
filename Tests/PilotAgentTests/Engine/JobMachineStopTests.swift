import ContainerPilotConfig
import Testing

@testable import PilotAgent

/// Stopping a job: `stopping`, deregistration, pre-stop jobs, `SIGTERM`, `SIGKILL` after the stop timeout, and
/// `stopped` only once the process is gone; and the jobs that run because others stop.
@Suite struct JobMachineStopTests {
    @Test func stoppingARunningJobSignalsItAndPublishesStoppedOnlyAfterItExits() {
        var harness = JobMachineHarness(makeJob(stopTimeout: .seconds(3)))
        _ = harness.startEngineAndProcess(at: 0)
        #expect(
            harness.send(.stopRequested, at: 1000) == [
                harness.published(.stopping), .terminateProcess, .armTimer(.stopTimeout, at: harness.at(4000)),
            ])
        #expect(harness.machine.phase == .stopping(.terminating))
        #expect(
            harness.send(.processExited(status: 0), at: 1200) == [
                harness.published(.exitSuccess), .cancelTimer(.stopTimeout), harness.published(.stopped), .finished,
            ])
    }

    /// ContainerPilot ignores `stopTimeout` and publishes `stopped` before the process has exited; here the
    /// process gets its stop timeout after `SIGTERM`, then `SIGKILL`, and `stopped` waits for the exit.
    @Test func aProcessIgnoringSIGTERMIsKilledAfterTheStopTimeoutAndStoppedWaitsForItsExit() {
        var harness = JobMachineHarness(makeJob(stopTimeout: .seconds(3)))
        _ = harness.startEngineAndProcess(at: 0)
        _ = harness.send(.stopRequested, at: 1000)
        #expect(harness.send(.timerFired(.stopTimeout), at: 4000) == [.killProcess])
        #expect(harness.machine.phase == .stopping(.killing))
        #expect(
            harness.send(.processExited(status: 137), at: 4001) == [
                harness.published(.exitFailed), harness.published(.stopped), .finished,
            ])
    }

    @Test func aJobWithoutStopTimeoutGetsTheConfigurationsStopTimeout() {
        var harness = JobMachineHarness(makeJob(), fallbackStopTimeout: .seconds(7))
        _ = harness.startEngineAndProcess(at: 0)
        #expect(
            harness.send(.stopRequested, at: 100) == [
                harness.published(.stopping), .terminateProcess, .armTimer(.stopTimeout, at: harness.at(7100)),
            ])
    }

    @Test func theServiceIsDeregisteredBeforeTheProcessIsSignalled() {
        let health = HealthCheckConfiguration(
            exec: ["/bin/check"], interval: .seconds(5), ttl: .seconds(10), timeout: .seconds(5), rawLogging: false)
        let service = ServiceDefinition(port: 80, initialStatus: .passing)
        var harness = JobMachineHarness(makeJob(stopTimeout: .seconds(2), health: health, service: service))
        #expect(
            harness.send(.engineStarted, at: 0) == [
                .register(initialStatus: .passing), .armTimer(.healthCheck, at: harness.at(5000)), .startProcess,
            ])
        #expect(
            harness.send(.stopRequested, at: 1000) == [
                .cancelTimer(.healthCheck), harness.published(.stopping), .deregister, .terminateProcess,
                .armTimer(.stopTimeout, at: harness.at(3000)),
            ])
        // No check result changes a stopping job.
        #expect(harness.send(.healthCheck(passed: true), at: 1100) == [])
    }

    @Test func aJobWithoutProcessStopsAtOnce() {
        var harness = JobMachineHarness(makeJob(when: on(.healthy, from: "db")))
        _ = harness.send(.engineStarted)
        #expect(
            harness.send(.stopRequested) == [harness.published(.stopping), harness.published(.stopped), .finished])
    }

    @Test func aJobStoppedBeforeTheEngineStartedNeverStarts() {
        var harness = JobMachineHarness(makeJob())
        #expect(
            harness.send(.stopRequested) == [harness.published(.stopping), harness.published(.stopped), .finished])
        #expect(harness.send(.engineStarted) == [])
    }

    @Test func aSecondStopRequestChangesNothing() {
        var harness = JobMachineHarness(makeJob(stopTimeout: .seconds(3)))
        _ = harness.startEngineAndProcess(at: 0)
        _ = harness.send(.stopRequested, at: 10)
        #expect(harness.send(.stopRequested, at: 20) == [])
    }

    @Test func aStoppingJobStartsNoMoreRunsOnItsEvents() {
        let trigger = JobTrigger.event(.changed, from: .watch("db"), repetition: .each, timeout: nil)
        var harness = JobMachineHarness(makeJob(when: trigger, restarts: .limited(5), stopTimeout: .seconds(1)))
        _ = harness.send(.engineStarted)
        _ = harness.send(.event(.event(.changed, from: .watch("db"))))
        _ = harness.send(.event(.event(.changed, from: .watch("db"))))
        _ = harness.send(.stopRequested)
        #expect(harness.send(.event(.event(.changed, from: .watch("db")))) == [])
        #expect(
            harness.send(.processExited(status: 0)) == [
                harness.published(.exitSuccess), .cancelTimer(.stopTimeout), harness.published(.stopped), .finished,
            ])
    }

    @Test func stoppingAPeriodicJobCancelsItsInterval() {
        var harness = JobMachineHarness(makeJob(when: .interval(.seconds(10)), restarts: .unlimited))
        _ = harness.send(.engineStarted, at: 0)
        #expect(
            harness.send(.stopRequested, at: 10) == [
                .cancelTimer(.interval), harness.published(.stopping), .terminateProcess,
                .armTimer(.stopTimeout, at: harness.at(5010)),
            ])
    }

    // MARK: Pre-stop jobs

    @Test func aJobWaitsForItsPreStopJobBeforeItIsSignalled() {
        var harness = JobMachineHarness(makeJob("consul", stopTimeout: .seconds(5)), preStopJobs: ["leave"])
        _ = harness.startEngineAndProcess(at: 0)
        #expect(
            harness.send(.stopRequested, at: 1000) == [
                harness.published(.stopping), .armTimer(.stopTimeout, at: harness.at(6000)),
            ])
        #expect(harness.machine.phase == .stopping(.awaitingPreStopJobs))
        #expect(
            harness.send(.event(.job("leave", .exitSuccess)), at: 1300) == [
                .cancelTimer(.stopTimeout), .terminateProcess, .armTimer(.stopTimeout, at: harness.at(6300)),
            ])
        #expect(
            harness.send(.processExited(status: 0), at: 1400) == [
                harness.published(.exitSuccess), .cancelTimer(.stopTimeout), harness.published(.stopped), .finished,
            ])
    }

    @Test func aPreStopJobThatDoesNotFinishDelaysTheStopByTheStopTimeoutOnly() {
        var harness = JobMachineHarness(makeJob("consul", stopTimeout: .seconds(5)), preStopJobs: ["leave"])
        _ = harness.startEngineAndProcess(at: 0)
        _ = harness.send(.stopRequested, at: 1000)
        #expect(
            harness.send(.timerFired(.stopTimeout), at: 6000) == [
                .terminateProcess, .armTimer(.stopTimeout, at: harness.at(11000)),
            ])
    }

    @Test func aJobWaitsForAllOfItsPreStopJobs() {
        var harness = JobMachineHarness(makeJob("consul", stopTimeout: .seconds(5)), preStopJobs: ["leave", "flush"])
        _ = harness.startEngineAndProcess(at: 0)
        _ = harness.send(.stopRequested, at: 0)
        #expect(harness.send(.event(.job("flush", .exitFailed)), at: 10) == [])
        #expect(harness.send(.event(.job("leave", .stopped)), at: 20).contains(.terminateProcess))
    }

    @Test func anExitOfThePreStopJobBeforeTheStopDoesNotCount() {
        var harness = JobMachineHarness(makeJob("consul", stopTimeout: .seconds(5)), preStopJobs: ["leave"])
        _ = harness.startEngineAndProcess(at: 0)
        #expect(harness.send(.event(.job("leave", .exitSuccess)), at: 10) == [])
        #expect(
            harness.send(.stopRequested, at: 20) == [
                harness.published(.stopping), .armTimer(.stopTimeout, at: harness.at(5020)),
            ])
    }

    @Test func aPreStopJobAlreadyStoppedIsNotWaitedFor() {
        var harness = JobMachineHarness(makeJob("consul", stopTimeout: .seconds(5)), preStopJobs: ["leave"])
        _ = harness.startEngineAndProcess(at: 0)
        _ = harness.send(.event(.job("leave", .stopped)), at: 10)
        #expect(
            harness.send(.stopRequested, at: 20) == [
                harness.published(.stopping), .terminateProcess, .armTimer(.stopTimeout, at: harness.at(5020)),
            ])
    }

    @Test func aProcessThatExitsWhileItsJobWaitsForPreStopJobsLetsTheJobStopWhenTheyAreDone() {
        var harness = JobMachineHarness(makeJob("consul", stopTimeout: .seconds(5)), preStopJobs: ["leave"])
        _ = harness.startEngineAndProcess(at: 0)
        _ = harness.send(.stopRequested, at: 0)
        #expect(harness.send(.processExited(status: 0), at: 10) == [harness.published(.exitSuccess)])
        #expect(
            harness.send(.event(.job("leave", .exitSuccess)), at: 20) == [
                .cancelTimer(.stopTimeout), harness.published(.stopped), .finished,
            ])
    }

    // MARK: Jobs that run because others stop

    /// The pre-stop job itself: the stop request does not end it before its event came and its run is over.
    @Test func aPreStopJobStillRunsOnceWhenStopIsRequestedBeforeItsEvent() {
        var harness = JobMachineHarness(makeJob("leave", when: on(.stopping, from: "consul")))
        _ = harness.send(.engineStarted)
        #expect(harness.send(.stopRequested) == [harness.published(.stopping)])
        #expect(harness.send(.event(.job("consul", .stopping))) == [.startProcess])
        #expect(harness.send(.processStarted) == [])
        #expect(
            harness.send(.processExited(status: 0)) == [
                harness.published(.exitSuccess), harness.published(.stopped), .finished,
            ])
    }

    @Test func aRunningPreStopJobIsNotSignalledByTheStop() {
        var harness = JobMachineHarness(makeJob("leave", when: on(.stopping, from: "consul")))
        _ = harness.send(.engineStarted)
        _ = harness.send(.event(.job("consul", .stopping)))
        #expect(harness.send(.stopRequested) == [harness.published(.stopping)])
        #expect(
            harness.send(.processExited(status: 1)) == [
                harness.published(.exitFailed), harness.published(.stopped), .finished,
            ])
    }

    @Test func aPostStopJobRunsOnItsJobsStoppedEvent() {
        var harness = JobMachineHarness(makeJob("cleanup", when: on(.stopped, from: "app"), restarts: .limited(3)))
        _ = harness.send(.engineStarted)
        _ = harness.send(.stopRequested)
        #expect(harness.send(.event(.job("app", .stopped))) == [.startProcess])
        // No restart once the stop was asked for: the run is the last.
        #expect(
            harness.send(.processExited(status: 1)) == [
                harness.published(.exitFailed), harness.published(.stopped), .finished,
            ])
    }

    /// ContainerPilot halts a job on the `shutdown` event before it can start on it; its docs say jobs may react
    /// to `shutdown`.
    @Test func aJobOnTheGlobalShutdownEventRunsAtShutdown() {
        let trigger = JobTrigger.event(.shutdown, from: .global, repetition: .once, timeout: nil)
        var harness = JobMachineHarness(makeJob("farewell", when: trigger))
        _ = harness.send(.engineStarted)
        #expect(harness.send(.stopRequested) == [harness.published(.stopping)])
        #expect(harness.send(.event(.event(.shutdown, from: .global))) == [.startProcess])
    }

    @Test func aPreStopJobThatAlreadyRanStopsAtOnce() {
        var harness = JobMachineHarness(makeJob("leave", when: on(.stopping, from: "consul")))
        _ = harness.send(.engineStarted)
        _ = harness.send(.event(.job("consul", .stopping)))
        _ = harness.send(.processExited(status: 0))
        #expect(harness.machine.isFinished)
        #expect(harness.send(.stopRequested) == [])
    }
}
