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
    @Test func aStoppedProcessIsCriticalWhateverThePingSays() {
        let passingPing = TimedCommand.Result(passed: true, output: "ok", duration: .zero)
        let verdict = HealthVerdict.decide(job: (.restarting, .exited(2)), ping: passingPing)
        #expect(verdict.status == .critical)
        #expect(verdict.output == "the service process is not running (exit status 2)")
    }

    @Test func thePingDecidesWhileTheProcessRuns() {
        let failing = TimedCommand.Result(passed: false, output: "no db", duration: .zero)
        #expect(HealthVerdict.decide(job: (.running, nil), ping: failing).status == .critical)
        #expect(HealthVerdict.decide(job: nil, ping: failing).output == "no db")
    }

    @Test func withoutAPingLivenessDecides() {
        #expect(HealthVerdict.decide(job: (.running, nil), ping: nil).status == .passing)
        #expect(HealthVerdict.decide(job: nil, ping: nil).output == "no health command; pilot is running")
    }

    @Test func waitStatusesDecodeAsTheKernelWritesThem() {
        #expect(ProcessTermination(waitStatus: 0x0300) == .exited(3))
        #expect(ProcessTermination(waitStatus: 0x0009) == .signaled(9))
        #expect(ProcessTermination.signaled(15).description == "killed by SIGTERM")
    }
}
