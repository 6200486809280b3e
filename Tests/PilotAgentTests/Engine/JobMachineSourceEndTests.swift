import ContainerPilotConfig
import Testing

@testable import PilotAgent

/// A job whose `when` source has ended (its job is done, or the global shutdown was published) is never started
/// by it again: it finishes once nothing of it runs, and a stop does not wait for an event that will not come.
@Suite struct JobMachineSourceEndTests {
    static let setupEnded = JobInput.event(.ended(.job("setup")))

    @Test func aJobWaitingForAnEventOfAJobThatEndedFinishes() {
        var harness = JobMachineHarness(makeJob(when: on(.exitSuccess, from: "setup")))
        #expect(harness.send(.engineStarted) == [])
        #expect(
            harness.send(Self.setupEnded) == [harness.published(.stopping), harness.published(.stopped), .finished])
    }

    @Test func aRunningJobKeepsItsOwnRestartsAfterItsSourceEnded() {
        var harness = JobMachineHarness(makeJob(when: on(.exitSuccess, from: "setup"), restarts: .limited(1)))
        _ = harness.send(.engineStarted)
        #expect(harness.send(.event(.job("setup", .exitSuccess))) == [.startProcess])
        #expect(harness.send(Self.setupEnded) == [])
        #expect(harness.send(.processExited(status: 1)) == [harness.published(.exitFailed), .startProcess])
        #expect(
            harness.send(.processExited(status: 1)) == [
                harness.published(.exitFailed), harness.published(.stopping), harness.published(.stopped), .finished,
            ])
    }

    @Test func anEndOfAnotherSourceChangesNothing() {
        var harness = JobMachineHarness(makeJob(when: on(.exitSuccess, from: "setup")))
        _ = harness.send(.engineStarted)
        #expect(harness.send(.event(.ended(.job("other")))) == [])
        #expect(harness.machine.phase == .waiting)
    }

    /// ContainerPilot waits for the `stopping` of a job that already ended by itself, until the whole stop timeout.
    @Test func aPostStopJobOfAJobThatEndedFinishesAtTheStopRequest() {
        var harness = JobMachineHarness(makeJob("post", when: on(.stopped, from: "app", .each)))
        _ = harness.send(.engineStarted)
        _ = harness.send(.event(.ended(.job("app"))))
        #expect(harness.machine.isFinished)
    }

    @Test func aShutdownJobThatRanCompletesAndOneThatCouldNotIsGivenUpAtTheEndOfGlobal() {
        let shutdown = JobTrigger.event(.shutdown, from: .global, repetition: .each, timeout: nil)
        var harness = JobMachineHarness(makeJob("flush", when: shutdown))
        _ = harness.send(.engineStarted)
        _ = harness.send(.stopRequested)
        #expect(harness.send(.event(.event(.shutdown, from: .global))) == [.startProcess])
        #expect(harness.send(.event(.ended(.global))) == [])
        #expect(
            harness.send(.processExited(status: 0)) == [
                harness.published(.exitSuccess), harness.published(.stopped), .finished,
            ])
    }

    /// A pre-stop job that is done (it ran for an earlier stop, such as a reload's) is not waited for.
    @Test func aStopDoesNotWaitForAPreStopJobThatEnded() {
        var harness = JobMachineHarness(makeJob(stopTimeout: .seconds(10)), preStopJobs: ["hook"])
        _ = harness.startEngineAndProcess(at: 0)
        _ = harness.send(.event(.ended(.job("hook"))), at: 5)
        let actions = harness.send(.stopRequested, at: 10)
        #expect(actions.contains(.terminateProcess), "\(actions)")
    }

    /// A reload that gives a running job a new pre-stop job makes its next stop wait for it.
    @Test func aStopWaitsForAPreStopJobAReloadAdded() {
        var harness = JobMachineHarness(makeJob(stopTimeout: .seconds(10)))
        _ = harness.startEngineAndProcess(at: 0)
        #expect(harness.send(.preStopJobsChanged(["hook"]), at: 5) == [])
        let actions = harness.send(.stopRequested, at: 10)
        #expect(!actions.contains(.terminateProcess), "\(actions)")
        #expect(actions.contains(.armTimer(.stopTimeout, at: harness.at(10_010))))
        #expect(harness.send(.event(.job("hook", .exitSuccess)), at: 20).contains(.terminateProcess))
    }
}
