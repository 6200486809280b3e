import ContainerPilotConfig
import Testing

@testable import PilotAgent

/// The time the service group gives a ContainerPilot configuration's stop before it cancels (and kills) what is
/// left: enough for the longest chain of jobs that stop one after another.
@Suite struct ShutdownLimitTests {
    static func plan(_ jobs: String) throws -> EnginePlan {
        let configuration = try ContainerPilotConfiguration(
            parsing: #"{ consul: "localhost:8500", stopTimeout: 5, jobs: [ \#(jobs) ] }"#, file: "limit.json5")
        return try EnginePlan(configuration, interfaces: InterfaceAddresses(entries: []))
    }

    @Test func aChainOfDependentsAddsEachJobsStopTime() throws {
        // d waits for c, c for b, b for a: at a stop d goes first, a last, each with 10 s to wait for its
        // pre-stop jobs and 10 s for its process.
        let plan = try Self.plan("""
            { name: "a", exec: "a", stopTimeout: "10s", health: { exec: "true", interval: 1, ttl: 5 } },
            { name: "b", exec: "b", stopTimeout: "10s", when: { source: "a", once: "healthy" } },
            { name: "c", exec: "c", stopTimeout: "10s", when: { source: "b", once: "exitSuccess" } },
            { name: "d", exec: "d", stopTimeout: "10s", when: { source: "c", once: "exitSuccess" } },
            { name: "post", exec: "post", when: { source: "a", once: "stopped" } },
            """)
        #expect(ContainerPilotAgent.gracefulShutdownLimit(plan) == .seconds(4 * 20 + 5 + 10))
    }

    @Test func independentJobsNeedOnlyTheLongestOne() throws {
        let plan = try Self.plan("""
            { name: "a", exec: "a", stopTimeout: "3s" },
            { name: "b", exec: "b" },
            """)
        #expect(ContainerPilotAgent.gracefulShutdownLimit(plan) == .seconds(2 * 5 + 5 + 10))
    }

    @Test func jobsThatDependOnEachOtherInACircleDoNotLoop() throws {
        let plan = try Self.plan("""
            { name: "a", exec: "a", when: { source: "b", each: "exitSuccess" } },
            { name: "b", exec: "b", when: { source: "a", each: "exitSuccess" } },
            """)
        #expect(ContainerPilotAgent.gracefulShutdownLimit(plan) == .seconds(2 * 2 * 5 + 5 + 10))
    }
}
