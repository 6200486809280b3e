import ContainerPilotConfig
import DiscoveryModel
import Testing

/// Every example of ContainerPilot's `docs/30-configuration/examples`, rewritten and rendered, parses with the
/// meaning its comments describe.
@Suite struct DocumentationExampleTests {
    @Test(arguments: [
        "consul-agent", "database-config", "nginx-upstreams", "periodic-tasks", "service-reg-only", "stopping",
    ])
    func everyExampleParsesWithoutWarnings(name: String) throws {
        let configuration = try Fixture.configuration("Examples/\(name).json5")
        #expect(!configuration.jobs.isEmpty)
        #expect(configuration.warnings.isEmpty, "\(configuration.warnings)")
    }

    @Test func theConsulAgentExampleChainsThreeJobs() throws {
        let jobs = try Fixture.configuration("Examples/consul-agent.json5").jobs
        #expect(jobs[0].service == nil && jobs[0].restarts == .unlimited && jobs[0].trigger == .atStartup)
        #expect(
            jobs[1].trigger == .event(.healthy, from: .job("consul-agent"), repetition: .once, timeout: .seconds(90)))
        #expect(jobs[2].service?.port == 8010)
        #expect(jobs[2].health?.timeout == .seconds(8))
    }

    @Test func thePeriodicTasksExampleRunsEveryPeriodAndReportsEachFailure() throws {
        let jobs = try Fixture.configuration("Examples/periodic-tasks.json5").jobs
        #expect(jobs[0].trigger == .interval(.seconds(45)))
        #expect(jobs[0].timeout == .seconds(45))
        #expect(jobs[1].trigger == .event(.exitFailed, from: .job("snapshot"), repetition: .each, timeout: nil))
        #expect(jobs[1].exec?[6] == "--data")
    }

    @Test func thePublishedStoppingExampleIsRefusedAtItsMisspelledKey() {
        let published = """
            {
              consul: "consul:8500",
              jobs: [
                {
                  name: "app",
                  exec: "/bin/app",
                  port: 80,
                  health: {
                    exec: "/usr/bin/true",
                    interval: 5,
                    tll: 10,
                  }
                }
              ]
            }
            """
        let error = Fixture.error(published)
        #expect(error?.code == .unknownKey)
        #expect(
            error?.description
                == "containerpilot.json5:11:9: jobs[0].health.tll: unknown key \"tll\"; did you mean \"ttl\"?")
    }

    @Test func aMissingCommaAsInThePublishedExamplesIsASyntaxErrorAtItsPlace() {
        let error = Fixture.error("{\n  consul: \"c:8500\"\n  jobs: []\n}")
        #expect(error?.code == .syntax)
        #expect(error?.location.line == 3)
        #expect(error?.location.column == 3)
    }
}
