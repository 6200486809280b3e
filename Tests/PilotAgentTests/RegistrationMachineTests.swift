import ConsulAPI
@testable import PilotAgent
import Testing

/// How a job's registration keeps Consul in line with what the job wants, with no Consul and no clock.
@Suite struct RegistrationMachineTests {
    static let passing = HealthVerdict(status: .passing, output: "ok")
    static let critical = HealthVerdict(status: .critical, output: "down")
    let start = ContinuousClock.now

    @Test func registersWhenWantedThenReportsEachVerdict() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(5))
        #expect(machine.registrationWanted() == [.register])
        #expect(machine.registered() == [])
        #expect(machine.verdict(Self.passing) == [.report(Self.passing)])
        #expect(machine.verdict(Self.critical) == [.report(Self.critical)])
    }

    @Test func failedRegistrationsAreRetriedWithDoublingBackoffUpToTheMaximum() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(1))
        _ = machine.registrationWanted()
        var waits: [Duration] = []
        var now = start
        for _ in 0..<5 {
            guard case .retry(let at) = machine.registrationFailed(at: now).first else {
                Issue.record("expected a retry")
                return
            }
            waits.append(at - now)
            now = at
            #expect(machine.retryDue() == [.register])
        }
        #expect(waits == [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(1), .seconds(1)])
        _ = machine.registered()
        guard case .retry(let at) = machine.registrationFailed(at: now).first else {
            Issue.record("expected a retry")
            return
        }
        #expect(at - now == .milliseconds(250), "a success resets the backoff")
    }

    @Test func aVerdictWhileUnregisteredWaitsAndOnlyTheNewestIsReportedOnRegistration() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(5))
        _ = machine.registrationWanted()
        _ = machine.registrationFailed(at: start)
        #expect(machine.verdict(Self.passing) == [], "a retry is already pending: nothing is sent")
        #expect(machine.verdict(Self.critical) == [])
        #expect(machine.retryDue() == [.register])
        #expect(machine.registered() == [.report(Self.critical)])
        #expect(machine.pendingVerdict == nil)
    }

    @Test func consulLosingTheServiceMakesPilotRegisterAgainAndRepeatTheVerdictAndMaintenance() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(5))
        _ = machine.registrationWanted()
        _ = machine.registered()
        #expect(machine.maintenanceWanted(true) == [.applyMaintenance(on: true)])
        machine.maintenanceTaken(on: true)
        #expect(machine.reportFailed(Self.critical, lost: true) == [.register])
        #expect(machine.registered() == [.applyMaintenance(on: true), .report(Self.critical)])
    }

    @Test func aReportConsulDidNotAnswerIsNotRepeated() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(5))
        _ = machine.registrationWanted()
        _ = machine.registered()
        #expect(machine.reportFailed(Self.passing, lost: false) == [])
        #expect(machine.isRegistered, "the next verdict goes out as usual")
    }

    @Test func aMaintenanceRequestWhileConsulIsAwayIsDeferredAndAppliedOnRegistration() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(5))
        _ = machine.registrationWanted()
        _ = machine.registrationFailed(at: start)
        #expect(machine.maintenanceWanted(true) == [])
        #expect(!machine.maintenanceApplied)
        #expect(machine.retryDue() == [.register])
        #expect(machine.registered() == [.applyMaintenance(on: true)])
        machine.maintenanceTaken(on: true)
        #expect(machine.maintenanceApplied)
    }

    @Test func aLostServiceFoundByAMaintenanceRenewalIsRegisteredAgainInMaintenance() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(5))
        _ = machine.registrationWanted()
        _ = machine.registered()
        _ = machine.maintenanceWanted(true)
        machine.maintenanceTaken(on: true)
        #expect(machine.maintenanceWanted(true) == [.applyMaintenance(on: true)], "renewed each interval")
        #expect(machine.maintenanceFailed(lost: true) == [.register])
        #expect(machine.registered() == [.applyMaintenance(on: true)])
    }

    @Test func aMaintenanceChangeConsulRefusedIsNotAppliedUntilTheNextRenewal() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(5))
        _ = machine.registrationWanted()
        _ = machine.registered()
        _ = machine.maintenanceWanted(true)
        #expect(machine.maintenanceFailed(lost: false) == [])
        #expect(!machine.maintenanceApplied)
    }

    @Test func withdrawingDeregistersAndCancelsTheRetryAndTheWaitingVerdict() {
        var machine = RegistrationMachine(maximumBackoff: .seconds(5))
        _ = machine.registrationWanted()
        _ = machine.registrationFailed(at: start)
        _ = machine.verdict(Self.passing)
        #expect(machine.withdrawn() == [.deregister])
        #expect(machine.retryDue() == [], "the retry that was pending is stale")
        #expect(machine.pendingVerdict == nil)
        #expect(!machine.isWanted)
    }
}
