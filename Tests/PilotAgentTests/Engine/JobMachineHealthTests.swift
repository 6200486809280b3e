import ContainerPilotConfig
import Testing

@testable import PilotAgent

/// Health checks, their events, the Consul registration they keep, and maintenance.
@Suite struct JobMachineHealthTests {
    let health = HealthCheckConfiguration(
        exec: ["/bin/check"], interval: .seconds(5), ttl: .seconds(10), timeout: .seconds(5), rawLogging: false)

    @Test func checksRunEveryIntervalFromTheEngineStart() {
        var harness = JobMachineHarness(makeJob(health: health))
        #expect(harness.send(.engineStarted, at: 0) == [.armTimer(.healthCheck, at: harness.at(5000)), .startProcess])
        #expect(
            harness.send(.timerFired(.healthCheck), at: 5000) == [
                .armTimer(.healthCheck, at: harness.at(10000)), .runHealthCheck,
            ])
    }

    /// ContainerPilot's documentation ("emitted when the job's health check succeeds") and code publish every
    /// result, so a job on `each: "healthy"` runs at every passing check.
    @Test func healthyAndUnhealthyArePublishedForEveryResult() {
        var harness = JobMachineHarness(makeJob(health: health))
        _ = harness.startEngineAndProcess()
        #expect(harness.send(.healthCheck(passed: true)) == [harness.published(.healthy)])
        #expect(harness.send(.healthCheck(passed: true)) == [harness.published(.healthy)])
        #expect(harness.send(.healthCheck(passed: false)) == [harness.published(.unhealthy)])
        #expect(harness.send(.healthCheck(passed: false)) == [harness.published(.unhealthy)])
        #expect(harness.send(.healthCheck(passed: true)) == [harness.published(.healthy)])
    }

    @Test func aServiceWithoutInitialStatusIsRegisteredOnItsFirstPassingCheck() {
        var harness = JobMachineHarness(makeJob(health: health, service: ServiceDefinition(port: 8080)))
        #expect(harness.send(.engineStarted) == [.armTimer(.healthCheck, at: harness.at(5000)), .startProcess])
        #expect(harness.send(.healthCheck(passed: false)) == [harness.published(.unhealthy)])
        #expect(
            harness.send(.healthCheck(passed: true)) == [
                .register(initialStatus: nil), .reportHealth(passing: true), harness.published(.healthy),
            ])
        #expect(harness.send(.healthCheck(passed: true)) == [.reportHealth(passing: true), harness.published(.healthy)])
        // A failure reaches Consul at once (ContainerPilot lets the TTL run out).
        #expect(
            harness.send(.healthCheck(passed: false)) == [
                .reportHealth(passing: false), harness.published(.unhealthy),
            ])
    }

    @Test func aServiceWithInitialStatusIsRegisteredAtStartup() {
        let service = ServiceDefinition(port: 8080, initialStatus: .warning)
        var harness = JobMachineHarness(makeJob(health: health, service: service))
        #expect(
            harness.send(.engineStarted) == [
                .register(initialStatus: .warning), .armTimer(.healthCheck, at: harness.at(5000)), .startProcess,
            ])
        #expect(
            harness.send(.healthCheck(passed: false)) == [
                .reportHealth(passing: false), harness.published(.unhealthy),
            ])
    }

    /// The agent is the heartbeat of a check without a command: it passes at the start (ContainerPilot waits one
    /// interval to register the telemetry service) and on every interval.
    @Test func aCheckWithoutCommandPassesAtOnceAndOnEveryInterval() {
        let ttlOnly = HealthCheckConfiguration(
            exec: nil, interval: .seconds(5), ttl: .seconds(10), timeout: .seconds(5), rawLogging: false)
        var harness = JobMachineHarness(
            makeJob("web", exec: nil, health: ttlOnly, service: ServiceDefinition(port: 80)))
        #expect(
            harness.send(.engineStarted, at: 0) == [
                .armTimer(.healthCheck, at: harness.at(5000)), .register(initialStatus: nil),
                .reportHealth(passing: true), harness.published(.healthy),
            ])
        #expect(
            harness.send(.timerFired(.healthCheck), at: 5000) == [
                .armTimer(.healthCheck, at: harness.at(10000)), .reportHealth(passing: true), harness.published(.healthy),
            ])
    }

    /// ContainerPilot's TestJobMaintenance: in maintenance, check results change nothing; leaving it makes the
    /// status unknown, so the next pass is a change again.
    @Test func maintenanceKeepsTheRegistrationAndIgnoresChecksUntilItEnds() {
        let service = ServiceDefinition(port: 8080, initialStatus: .passing)
        var harness = JobMachineHarness(makeJob(health: health, service: service))
        _ = harness.startEngineAndProcess(at: 0)
        #expect(
            harness.send(.healthCheck(passed: true)) == [.reportHealth(passing: true), harness.published(.healthy)])
        #expect(harness.send(.event(.event(.enterMaintenance, from: .global))) == [.setMaintenance(true)])
        #expect(harness.machine.health == .maintenance)
        #expect(harness.send(.healthCheck(passed: true)) == [])
        #expect(harness.send(.healthCheck(passed: false)) == [])
        // No check runs; maintenance is renewed instead, which restores a registration Consul lost.
        #expect(
            harness.send(.timerFired(.healthCheck), at: 5000) == [
                .armTimer(.healthCheck, at: harness.at(10000)), .setMaintenance(true),
            ])
        #expect(harness.send(.event(.event(.enterMaintenance, from: .global))) == [])
        #expect(harness.send(.event(.event(.exitMaintenance, from: .global))) == [.setMaintenance(false)])
        #expect(harness.machine.health == .unknown)
        #expect(
            harness.send(.healthCheck(passed: true)) == [.reportHealth(passing: true), harness.published(.healthy)])
    }

    @Test func maintenanceOfAnUnregisteredJobOnlyChangesItsStatus() {
        var harness = JobMachineHarness(makeJob(health: health))
        _ = harness.startEngineAndProcess()
        #expect(harness.send(.event(.event(.enterMaintenance, from: .global))) == [])
        #expect(harness.machine.health == .maintenance)
        #expect(harness.send(.event(.event(.exitMaintenance, from: .global))) == [])
        #expect(harness.machine.health == .unknown)
    }

    @Test func aFinishedJobStopsCheckingAndIsDeregistered() {
        let service = ServiceDefinition(port: 8080, initialStatus: .passing)
        var harness = JobMachineHarness(makeJob(health: health, service: service))
        _ = harness.startEngineAndProcess(at: 0)
        #expect(
            harness.send(.processExited(status: 0), at: 100) == [
                harness.published(.exitSuccess), .cancelTimer(.healthCheck), harness.published(.stopping), .deregister,
                harness.published(.stopped), .finished,
            ])
        #expect(harness.send(.timerFired(.healthCheck), at: 5000) == [])
    }

    /// A service not registered yet when maintenance begins (no passing check so far, or started again by a
    /// reload) is registered in maintenance, not left out of Consul until maintenance ends.
    @Test func maintenanceRegistersAServiceThatWasNotYetRegistered() {
        var harness = JobMachineHarness(makeJob(health: health, service: ServiceDefinition(port: 8080)))
        _ = harness.startEngineAndProcess()
        #expect(
            harness.send(.event(.event(.enterMaintenance, from: .global))) == [
                .register(initialStatus: nil), .setMaintenance(true),
            ])
        #expect(harness.send(.healthCheck(passed: true)) == [])
    }
}
