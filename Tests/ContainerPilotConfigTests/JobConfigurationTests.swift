import ContainerPilotConfig
import DiscoveryModel
import Testing

/// ContainerPilot's `jobs` tests, rewritten: the same accept/reject and the same resolved values.
@Suite struct JobConfigurationTests {
    @Test func readsTheSmokeTestJobs() throws {
        let jobs = try Fixture.configuration("JobsSmokeTest.json5").jobs
        #expect(jobs.count == 9)
        #expect(jobs[0].exec == ["/srv/frontend"])
        #expect(jobs[0].service?.tags == ["edge", "v2"])
        #expect(jobs[0].health?.exec == ["/srv/checks/frontend.sh"])
        #expect(jobs[1].exec == ["/srv/backend", "--workers"])
        #expect(jobs[1].health?.exec == ["/srv/checks/backend.sh", "--deep"])
        #expect(jobs[1].health?.ttl == .seconds(104))
        #expect(jobs[2].trigger == .atStartup && jobs[2].restarts == .unlimited)
        #expect(jobs[3].trigger == .interval(.seconds(3)))
        #expect(jobs[4].exec == ["/srv/setup.sh", "one", "two"] && jobs[4].trigger == .atStartup)
        #expect(jobs[5].trigger == .event(.stopping, from: .job("frontend"), repetition: .once, timeout: nil))
        #expect(jobs[6].trigger == .event(.stopped, from: .job("frontend"), repetition: .once, timeout: nil))
        #expect(jobs[7].trigger == .signal(.hangup, timeout: nil))
        #expect(jobs[8].trigger == .signal(.user2, timeout: nil))
    }

    @Test func readsCommandsGivenAsArrays() throws {
        let job = try Fixture.configuration("JobWithArrayExec.json5").jobs[0]
        #expect(job.service?.port == 5601)
        #expect(job.service?.tags == [])
        #expect(job.exec == ["/srv/indexer", "--shards"])
        #expect(job.health?.exec == ["/srv/checks/indexer.sh", "one", "two"])
        #expect(job.health?.ttl == .seconds(101) && job.health?.timeout == .seconds(3))
        #expect(job.restarts == .never)
    }

    @Test func readsAPreStartJobAndTheJobsThatRunAroundAStop() throws {
        let configuration = try Fixture.configuration("JobWithPreStartAndStopping.json5")
        let catalog = configuration.jobs[0]
        #expect(catalog.exec == ["/srv/catalog.sh"])
        #expect(catalog.health?.exec == ["/srv/checks/catalog.sh", "first", "second"])
        #expect(catalog.trigger == .event(.exitSuccess, from: .job("prepare"), repetition: .once, timeout: nil))
        #expect(catalog.stopTimeout == .seconds(12))
        let prepare = configuration.jobs[1]
        #expect(prepare.exec == ["/srv/prepare.sh", "first", "second"])
        #expect(prepare.trigger == .atStartup && prepare.service == nil && prepare.restarts == .never)
        #expect(configuration.preStopJobs(of: "catalog").map(\.name) == ["deregister-first", "flush-cache"])
        #expect(configuration.preStopJobs(of: "prepare").isEmpty)
        let report = configuration.jobs[4]
        #expect(report.trigger == .event(.stopped, from: .job("catalog"), repetition: .once, timeout: nil))
    }

    @Test func warnsOfAJobThatDoesNothing() throws {
        let configuration = try Fixture.parse(#"{consul: "c:8500", jobs: [{name: "idle"}]}"#)
        #expect(configuration.warnings.map(\.keyPath) == ["jobs[0].name"])
    }

    @Test func aHealthCheckTimesOutAtItsTimeoutOrElseAtItsInterval() throws {
        let jobs = try Fixture.configuration("JobHealthTimeout.json5").jobs
        #expect(jobs[0].health?.interval == .seconds(8))
        #expect(jobs[0].health?.timeout == .seconds(6))
        #expect(jobs[1].health?.timeout == jobs[1].health?.interval)
    }

    @Test func readsTheJobsConsulOptions() throws {
        let job = try Fixture.configuration("JobConsulExtras.json5").jobs[0]
        #expect(
            job.service?.consul
                == JobConsulOptions(enableTagOverride: true, deregisterCriticalServiceAfter: .seconds(900)))
        #expect(job.restarts == .never)
    }

    @Test func checksTheInitialStatusOnlyOfARegisteredJob() throws {
        let configuration = try Fixture.configuration("JobWithInitialStatus.json5")
        #expect(configuration.jobs[0].service?.initialStatus == .warning)
        #expect(configuration.jobs[1].service == nil)
        #expect(configuration.warnings.map(\.keyPath) == ["jobs[1].initial_status"])
    }

    @Test func aPeriodicJobRestartsWithoutLimitAndTimesOutAtItsInterval() throws {
        let job = try Fixture.jobs(#"[{name: "sweep", exec: "/srv/sweep", when: {interval: "1ms"}}]"#)[0]
        #expect(job.restarts == .unlimited)
        #expect(job.timeout == .milliseconds(1))
    }

    @Test func refusesABlankName() {
        #expect(
            Fixture.jobsError(#"[{name: "", port: 80, health: {exec: "check", interval: 1, ttl: 3}}]"#)?.code
                == .missingValue)
        #expect(Fixture.jobsError(#"[{name: "", exec: "run"}]"#)?.code == .missingValue)
        #expect(Fixture.jobsError(#"[{exec: "run"}]"#)?.code == .missingValue)
    }

    @Test func allowsAnyNameForAJobWithoutPort() throws {
        #expect(try Fixture.jobs(#"[{name: "my_helper.task", exec: "run"}]"#)[0].name == "my_helper.task")
    }

    @Test func aRegisteredJobNeedsAServiceNameAndAHealthCheck() {
        #expect(
            Fixture.jobsError(#"[{name: "web_1", port: 80, health: {interval: 1, ttl: 2}}]"#)?.code == .invalidValue)
        #expect(Fixture.jobsError(#"[{name: "web", port: 80, interfaces: ["inet", "lo"]}]"#)?.code == .missingValue)
        #expect(Fixture.jobsError(#"[{name: "web", port: 80, health: {interval: 1}}]"#)?.code == .missingValue)
        #expect(
            Fixture.jobsError(#"[{name: "web", port: 80, initialStatus: "bad", health: {interval: 1, ttl: 2}}]"#)?.code
                == .unknownKey)
        #expect(
            Fixture.jobsError(#"[{name: "web", port: 80, initial_status: "bad", health: {interval: 1, ttl: 2}}]"#)?.code
                == .invalidValue)
    }

    @Test func aHealthCheckWithoutCommandIsAccepted() throws {
        let job = try Fixture.jobs(#"[{name: "web", port: 80, health: {interval: 1, ttl: 2}}]"#)[0]
        #expect(job.health?.exec == nil)
    }

    @Test func refusesAnUnparsableEnableTagOverrideOrDeregisterAfter() {
        let base = #"name: "web", port: 80, health: {interval: 10, ttl: 20}"#
        #expect(Fixture.jobsError("[{\(base), consul: {enableTagOverride: \"nope\"}}]")?.code == .invalidValue)
        #expect(
            Fixture.jobsError("[{\(base), consul: {deregisterCriticalServiceAfter: \"nope\"}}]")?.code == .invalidValue)
    }

    @Test func refusesAnIntervalOrTimeoutBelowOneMillisecond() {
        #expect(
            Fixture.jobsError(#"[{name: "a", exec: "x", timeout: "1s", when: {interval: "-1s"}}]"#)?.code
                == .invalidValue)
        #expect(
            Fixture.jobsError(#"[{name: "b", exec: "x", timeout: "1s", when: {interval: "1ns"}}]"#)?.code
                == .invalidValue)
        #expect(
            Fixture.jobsError(#"[{name: "c", exec: "x", timeout: "-1ms", when: {interval: "1ms"}}]"#)?.code
                == .invalidValue)
        #expect(
            Fixture.jobsError(#"[{name: "d", exec: "x", timeout: "1ns", when: {interval: "1ms"}}]"#)?.code
                == .invalidValue)
        #expect(
            Fixture.jobsError(#"[{name: "e", exec: "x", timeout: "1ns", when: {interval: "xx"}}]"#)?.code
                == .invalidValue)
    }

    @Test func splitsAStringCommandAtSpacesAndKeepsAnArrayAsIs() throws {
        let jobs = try Fixture.jobs(
            #"""
            [{name: "a", exec: ["/bin/a", "A 1", 2, true], timeout: "1ms"},
             {name: "b", exec: "  /bin/b  B1 B2 ", timeout: "1ms"}]
            """#)
        #expect(jobs[0].exec == ["/bin/a", "A 1", "2", "true"])
        #expect(jobs[0].timeout == .milliseconds(1))
        #expect(jobs[1].exec == ["/bin/b", "B1", "B2"])
        #expect(Fixture.jobsError(#"[{name: "c", exec: "/bin/c", timeout: "xx"}]"#)?.code == .invalidValue)
        #expect(Fixture.jobsError(#"[{name: "d", exec: ""}]"#)?.code == .missingValue)
        #expect(Fixture.jobsError(#"[{name: "d", exec: []}]"#)?.code == .missingValue)
        #expect(Fixture.jobsError(#"[{name: "d", exec: 5}]"#)?.code == .wrongType)
    }

    @Test func readsEveryFormOfRestarts() throws {
        let jobs = try Fixture.jobs(
            #"""
            [{name: "d", exec: "x", restarts: "unlimited"}, {name: "e", exec: "x", restarts: "never"},
             {name: "f", exec: "x", restarts: 1}, {name: "g", exec: "x", restarts: "1"},
             {name: "h", exec: "x", restarts: 0}, {name: "i", exec: "x", restarts: "0"}, {name: "j", exec: "x"}]
            """#)
        #expect(jobs.map(\.restarts) == [.unlimited, .never, .limited(1), .limited(1), .never, .never, .never])
        #expect(Fixture.jobsError(#"[{name: "a", exec: "x", restarts: "invalid"}]"#)?.code == .invalidValue)
        #expect(Fixture.jobsError(#"[{name: "b", exec: "x", restarts: "-1"}]"#)?.code == .invalidValue)
        #expect(Fixture.jobsError(#"[{name: "c", exec: "x", restarts: -1}]"#)?.code == .invalidValue)
        #expect(Fixture.jobsError(#"[{name: "c", exec: "x", restarts: true}]"#)?.code == .wrongType)
    }

    @Test func refusesUnlimitedRestartsOfAJobStartedOnEachEvent() {
        let error = Fixture.jobsError(
            #"[{name: "d", exec: "x", restarts: "unlimited", when: {each: "healthy", source: "other"}}]"#)
        #expect(error?.code == .conflict)
        #expect(error?.keyPath == "jobs[0].restarts")
    }

    @Test func refusesAHealthCheckWithoutIntervalTtlOrCommand() {
        #expect(Fixture.jobsError(#"[{name: "n", health: {exec: "/bin/true"}}]"#)?.code == .missingValue)
        #expect(Fixture.jobsError(#"[{name: "n", health: {exec: "/bin/true", interval: 1}}]"#)?.code == .missingValue)
        #expect(Fixture.jobsError(#"[{name: "n", health: {exec: "", interval: 1, ttl: 5}}]"#)?.code == .missingValue)
        #expect(
            Fixture.jobsError(#"[{name: "n", health: {exec: "/bin/true", interval: 1, ttl: 5, timeout: "xx"}}]"#)?.code
                == .invalidValue)
        #expect(
            Fixture.jobsError(#"[{name: "n", health: {exec: "/bin/true", interval: 0, ttl: 5}}]"#)?.code
                == .invalidValue)
    }

    @Test func readsTheWhenTimeoutAndTheStopTimeout() throws {
        let jobs = try Fixture.jobs(
            """
            [{name: "a", exec: "x", stopTimeout: "10s", when: {source: "b", once: "healthy", timeout: 60}},
             {name: "b", exec: "y"}]
            """)
        let job = jobs[0]
        #expect(job.stopTimeout == .seconds(10))
        #expect(job.trigger == .event(.healthy, from: .job("b"), repetition: .once, timeout: .seconds(60)))
    }

    @Test func readsRawLoggingOfTheJobAndItsCheck() throws {
        let job = try Fixture.jobs(
            #"[{name: "a", exec: "x", logging: {raw: true}, health: {interval: 1, ttl: 3, logging: {raw: "true"}}}]"#)[
                0]
        #expect(job.rawLogging && job.health?.rawLogging == true)
    }

    @Test func aSignalStartsTheJobOnEverySignalWhateverOnceSays() throws {
        let configuration = try Fixture.parse(
            """
            {consul: "c:8500", jobs: [
              {name: "a", exec: "x", when: {source: "SIGUSR2", once: "SIGUSR2", timeout: "30s"}},
              {name: "b", exec: "x", when: {source: "SIGHUP", each: "SIGHUP"}}]}
            """)
        #expect(
            configuration.jobs.map(\.trigger) == [
                .signal(.user2, timeout: .seconds(30)), .signal(.hangup, timeout: nil),
            ])
        #expect(configuration.warnings.map(\.keyPath) == ["jobs[0].when.once"])
        #expect(
            Fixture.jobsError(#"[{name: "a", exec: "x", when: {source: "SIGHUP", each: "nonsense"}}]"#)?.code
                == .invalidValue)
    }

    @Test func warnsOfASourceThatNamesNothing() throws {
        let configuration = try Fixture.parse(
            #"{consul: "c:8500", jobs: [{name: "a", exec: "x", when: {source: "watch.nothing", each: "changed"}}]}"#)
        #expect(configuration.warnings.map(\.keyPath) == ["jobs[0].when.source"])
    }
}
