import Testing

@testable import PilotAgent
import ConsulAPI

/// The restart policy's decisions, without processes: pure inputs, pure outputs.
@Suite struct RestartDeciderTests {
    @Test func neverStopsWithTheProcessExitCode() {
        var decider = RestartDecider(policy: .never)
        #expect(decider.decide(after: .exited(3), runTime: .seconds(1)) == .stop(exitCode: 3))
        #expect(decider.decide(after: .signaled(9), runTime: .seconds(1)) == .stop(exitCode: 137))
    }

    @Test func onFailureRestartsCrashesButNotCleanExits() {
        var decider = RestartDecider(policy: .onFailure)
        #expect(decider.decide(after: .exited(1), runTime: .seconds(1)) == .restart(after: .milliseconds(100)))
        #expect(decider.decide(after: .exited(0), runTime: .seconds(1)) == .stop(exitCode: 0))
    }

    @Test func backoffDoublesUpToTheCapAndResetsAfterAStableRun() {
        var decider = RestartDecider(policy: .always)
        var delays: [Duration] = []
        for _ in 0..<11 {
            if case .restart(let delay) = decider.decide(after: .exited(1), runTime: .milliseconds(50)) { delays.append(delay) }
        }
        #expect(delays.prefix(4) == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800)])
        #expect(delays.last == .seconds(30))
        #expect(decider.decide(after: .exited(1), runTime: .seconds(10)) == .restart(after: .milliseconds(100)))
        #expect(decider.restarts == 12)
    }
}

@Suite struct HealthVerdictTests {
    static let settle = Duration.seconds(5)

    static func job(_ phase: JobHandle.Phase, _ last: ProcessTermination? = nil, restarts: Int = 0, runningFor: Duration? = nil)
        -> JobHandle.Snapshot
    {
        JobHandle.Snapshot(phase: phase, lastTermination: last, restarts: restarts, runningFor: runningFor)
    }

    @Test func aStoppedProcessIsCriticalWhateverThePingSays() {
        let passingPing = TimedCommand.Result(passed: true, output: "ok", duration: .zero)
        let verdict = HealthVerdict.decide(job: Self.job(.restarting, .exited(2)), ping: passingPing, settleTime: Self.settle)
        #expect(verdict.status == .critical)
        #expect(verdict.output == "the service process is not running (exit status 2)")
    }

    @Test func thePingDecidesWhileTheProcessRuns() {
        let failing = TimedCommand.Result(passed: false, output: "no db", duration: .zero)
        #expect(HealthVerdict.decide(job: Self.job(.running), ping: failing, settleTime: Self.settle).status == .critical)
        #expect(HealthVerdict.decide(job: nil, ping: failing, settleTime: Self.settle).output == "no db")
    }

    @Test func withoutAPingLivenessDecides() {
        #expect(HealthVerdict.decide(job: Self.job(.running), ping: nil, settleTime: Self.settle).status == .passing)
        #expect(HealthVerdict.decide(job: nil, ping: nil, settleTime: Self.settle).output == "no health command; pilot is running")
    }

    @Test func withoutAPingARestartedProcessPassesOnlyOnceItHasRunForTheSettleTime() {
        let justRestarted = Self.job(.running, .exited(1), restarts: 3, runningFor: .milliseconds(200))
        let verdict = HealthVerdict.decide(job: justRestarted, ping: nil, settleTime: Self.settle)
        #expect(verdict.status == .critical)
        #expect(verdict.output.contains("restarted 3 times"))
        let settled = Self.job(.running, .exited(1), restarts: 3, runningFor: .seconds(6))
        #expect(HealthVerdict.decide(job: settled, ping: nil, settleTime: Self.settle).status == .passing)
    }

    @Test func waitStatusesDecodeAsTheKernelWritesThem() {
        #expect(ProcessTermination(waitStatus: 0x0300) == .exited(3))
        #expect(ProcessTermination(waitStatus: 0x0009) == .signaled(9))
        #expect(ProcessTermination.signaled(15).description == "killed by SIGTERM")
    }
}
