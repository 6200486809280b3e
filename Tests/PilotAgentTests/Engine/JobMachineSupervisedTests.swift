import ContainerPilotConfig
import Testing

@testable import PilotAgent

/// The environment contract's application as an engine job: `RESTART_POLICY` with exponential backoff
/// instead of ContainerPilot's immediate restarts.
@Suite struct JobMachineSupervisedTests {
    func harness(_ policy: RestartPolicy) -> JobMachineHarness {
        JobMachineHarness(makeJob(restarts: .never), restartRule: .supervised(policy))
    }

    @Test func onFailureRestartsAFailureAfterTheFirstDelay() {
        var harness = harness(.onFailure)
        _ = harness.startEngineAndProcess(at: 0)
        #expect(
            harness.send(.processExited(status: 3), at: 1000) == [
                harness.published(.exitFailed), .armTimer(.restartDelay, at: harness.at(1100)),
            ])
        #expect(harness.machine.phase == .waiting)
        #expect(harness.send(.timerFired(.restartDelay), at: 1100) == [.startProcess])
    }

    @Test func onFailureFinishesTheJobOnASuccess() {
        var harness = harness(.onFailure)
        _ = harness.startEngineAndProcess()
        #expect(
            harness.send(.processExited(status: 0)) == [
                harness.published(.exitSuccess), harness.published(.stopping), harness.published(.stopped), .finished,
            ])
    }

    @Test func alwaysRestartsASuccessToo() {
        var harness = harness(.always)
        _ = harness.startEngineAndProcess(at: 0)
        #expect(harness.send(.processExited(status: 0), at: 10).contains(.armTimer(.restartDelay, at: harness.at(110))))
    }

    @Test func neverFinishesTheJobOnAFailure() {
        var harness = harness(.never)
        _ = harness.startEngineAndProcess()
        #expect(
            harness.send(.processExited(status: 1)).suffix(3) == [
                harness.published(.stopping), harness.published(.stopped), .finished,
            ])
    }

    @Test func quickFailuresDoubleTheDelayAndAStableRunResetsIt() {
        var harness = harness(.onFailure)
        _ = harness.startEngineAndProcess(at: 0)
        _ = harness.send(.processExited(status: 1), at: 100)  // delay 100 ms
        _ = harness.send(.timerFired(.restartDelay), at: 200)
        _ = harness.send(.processStarted, at: 200)
        #expect(harness.send(.processExited(status: 1), at: 300).contains(.armTimer(.restartDelay, at: harness.at(500))))
        _ = harness.send(.timerFired(.restartDelay), at: 500)
        _ = harness.send(.processStarted, at: 500)
        // Ten seconds of running count as stable: the next delay is the first again.
        #expect(
            harness.send(.processExited(status: 1), at: 10_600).contains(
                .armTimer(.restartDelay, at: harness.at(10_700))))
    }

    @Test func aStopDuringTheBackoffFinishesAtOnceWithoutAStart() {
        var harness = harness(.onFailure)
        _ = harness.startEngineAndProcess(at: 0)
        _ = harness.send(.processExited(status: 1), at: 10)
        let actions = harness.send(.stopRequested, at: 20)
        #expect(actions.contains(.cancelTimer(.restartDelay)))
        #expect(actions.last == .finished)
        #expect(!actions.contains(.startProcess))
        #expect(harness.send(.timerFired(.restartDelay), at: 110) == [])
    }
}
