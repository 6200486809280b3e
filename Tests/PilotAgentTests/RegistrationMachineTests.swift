import ConsulAPI
@testable import PilotAgent
import Testing

/// The registration's decisions, with no Consul and no clock.
@Suite struct RegistrationMachineTests {
    static let passing = HealthVerdict(status: .passing, output: "ok")
    static let critical = HealthVerdict(status: .critical, output: "down")
    let start = ContinuousClock.now

    @Test func registersFirstThenRunsTheCheckAndReportsItsVerdict() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(5))
        #expect(machine.start() == [.register])
        #expect(machine.registered() == [.runCheck])
        #expect(machine.checkFinished(Self.passing) == [.report(Self.passing)])
    }

    @Test func failedRegistrationsAreRetriedWithDoublingBackoffUpToTheMaximum() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(1))
        _ = machine.start()
        var waits: [Duration] = []
        var now = start
        for _ in 0..<5 {
            guard case .retry(let at) = machine.registrationFailed(at: now).first else {
                Issue.record("expected a retry")
                return
            }
            waits.append(at - now)
            now = at
            #expect(machine.retryDue(at: now) == [.register])
        }
        #expect(waits == [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(1), .seconds(1)])
        #expect(machine.registered() == [.runCheck])
        guard case .retry(let at) = machine.registrationFailed(at: now).first else {
            Issue.record("expected a retry")
            return
        }
        #expect(at - now == .milliseconds(250), "a success resets the backoff")
    }

    @Test func nothingIsReportedOrCheckedWhileUnregistered() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(5))
        _ = machine.start()
        _ = machine.registrationFailed(at: start)
        #expect(machine.beat() == [])
        #expect(machine.processChanged(exitVerdict: Self.critical) == [])
        #expect(machine.processChanged(exitVerdict: nil) == [])
    }

    @Test func aBeatDuringARunningCheckRunsOneMoreCheckAfterIt() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(5))
        _ = machine.start()
        #expect(machine.registered() == [.runCheck])
        #expect(machine.beat() == [])
        #expect(machine.beat() == [])
        #expect(machine.checkFinished(Self.passing) == [.report(Self.passing), .runCheck])
        #expect(machine.checkFinished(Self.passing) == [.report(Self.passing)])
    }

    @Test func anExitIsReportedAtOnce() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(5))
        _ = machine.start()
        _ = machine.registered()
        #expect(machine.processChanged(exitVerdict: Self.critical) == [.report(Self.critical)])
    }

    @Test func consulLosingTheServiceMakesPilotRegisterAgainAndKeepMaintenance() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(5))
        _ = machine.start()
        _ = machine.registered()
        #expect(machine.maintenanceRequested(on: true, reason: "deploy") == .applyNow)
        _ = machine.maintenanceApplied(on: true)
        #expect(machine.reportFailed(lost: true) == [.register])
        #expect(machine.registered().first == .applyMaintenance(on: true, reason: "deploy"))
    }

    @Test func aMaintenanceRequestWhileConsulIsAwayIsDeferredAndAppliedOnRegistration() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(5))
        _ = machine.start()
        _ = machine.registrationFailed(at: start)
        #expect(machine.maintenanceRequested(on: true, reason: "drain") == .deferred)
        #expect(machine.retryDue(at: start + .seconds(1)) == [.register])
        #expect(machine.registered() == [.applyMaintenance(on: true, reason: "drain"), .runCheck])
    }

    @Test func aMaintenanceChangeConsulRefusedIsRetriedAtTheNextBeat() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(5))
        _ = machine.start()
        _ = machine.registered()
        _ = machine.checkFinished(Self.passing)
        #expect(machine.maintenanceRequested(on: true, reason: "x") == .applyNow)
        #expect(machine.maintenanceFailed() == [])
        #expect(machine.beat() == [.applyMaintenance(on: true, reason: "x"), .runCheck])
    }

    @Test func leavingMaintenanceRunsTheCheckAtOnce() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(5))
        _ = machine.start()
        _ = machine.registered()
        _ = machine.checkFinished(Self.passing)
        _ = machine.maintenanceRequested(on: false, reason: "")
        #expect(machine.maintenanceApplied(on: false) == [.runCheck])
    }
}
