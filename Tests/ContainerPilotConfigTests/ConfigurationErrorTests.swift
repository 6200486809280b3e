import ContainerPilotConfig
import DiscoveryModel
import Testing

/// Every refusal names the file, the line and column of the key or value at fault, and its key path.
@Suite struct ConfigurationErrorTests {
    /// The description of the error parsing `text`, or a note that it parsed.
    func message(_ text: String) -> String {
        Fixture.error(text)?.description ?? "(parsed)"
    }

    @Test func anUnknownKeyIsReportedAtTheKey() {
        let misspelled = """
            {
              consul: "c:8500",
              jobz: []
            }
            """
        #expect(message(misspelled) == #"containerpilot.json5:3:3: jobz: unknown key "jobz"; did you mean "jobs"?"#)
        let unknown = """
            {
              consul: "c:8500",
              jobs: [{name: "a", exec: "x",
                colour: 1}]
            }
            """
        #expect(message(unknown).hasPrefix(#"containerpilot.json5:4:5: jobs[0].colour: unknown key "colour""#))
    }

    @Test func aTopLevelKeyMustMatchInLetterCaseButASectionKeyNeedNot() throws {
        #expect(Fixture.error(#"{consul: "c:8500", Jobs: []}"#)?.code == .unknownKey)
        let job = try Fixture.jobs(#"[{NAME: "a", Exec: "x"}]"#)[0]
        #expect(job.name == "a" && job.exec == ["x"])
    }

    @Test func aWrongTypeIsReportedAtTheValue() {
        let tags = """
            {
              consul: "c:8500",
              jobs: [{name: "a",
                      exec: "x", tags: {a: 1}}]
            }
            """
        #expect(
            message(tags) == "containerpilot.json5:4:28: jobs[0].tags: expected an array of strings, found an object")
        #expect(
            message(#"{consul: "c:8500", jobs: {}}"#)
                == "containerpilot.json5:1:26: jobs: expected an array, found an object")
    }

    @Test func aBadDurationIsReportedAtTheValue() {
        let seconds = """
            {consul: "c:8500",
             jobs: [{name: "a", exec: "x",
               health: {interval: "abc", ttl: 3}}]}
            """
        #expect(
            message(seconds)
                == "containerpilot.json5:3:23: jobs[0].health.interval: "
                + #"expected a whole number of seconds, found "abc""#)
        let duration = """
            {consul: "c:8500",
             jobs: [{name: "a", exec: "x", timeout: "5 sec"}]}
            """
        #expect(
            message(duration)
                == "containerpilot.json5:2:41: jobs[0].timeout: expected a duration such as 5s, 1500ms or 1m30s, or a "
                + #"whole number of seconds, found "5 sec""#)
    }

    @Test func aBadEventNameIsReportedAtTheValue() {
        let misspelled = """
            {consul: "c:8500",
             jobs: [{name: "a", exec: "x",
               when: {source: "b", once: "exitSucess"}}]}
            """
        #expect(
            message(misspelled)
                == "containerpilot.json5:3:30: jobs[0].when.once: "
                + #"unknown event "exitSucess"; did you mean "exitSuccess"?"#)
        let internalEvent = #"[{name: "a", exec: "x", when: {source: "b", each: "timerExpired"}}]"#
        #expect(Fixture.jobsError(internalEvent)?.code == .invalidValue)
        let signal = #"[{name: "a", exec: "x", when: {source: "b", each: "SIGHUP"}}]"#
        #expect(Fixture.jobsError(signal)?.code == .invalidValue)
    }

    @Test func onceWithEachIsAConflictAtTheSecondKey() {
        let both = """
            {consul: "c:8500",
             jobs: [{name: "a", exec: "x",
               when: {source: "b", once: "healthy", each: "changed"}}]}
            """
        #expect(
            message(both)
                == #"containerpilot.json5:3:41: jobs[0].when.each: "once" and "each" are exclusive: the job starts "#
                + "either on the first event or on every one")
    }

    @Test func intervalWithSourceIsAConflictAtTheOtherKey() {
        let both = """
            {consul: "c:8500",
             jobs: [{name: "a", exec: "x",
               when: {interval: "5s", source: "b"}}]}
            """
        let error = Fixture.error(both)
        #expect(error?.code == .conflict)
        #expect(error?.keyPath == "jobs[0].when.source")
        #expect(error?.location.line == 3 && error?.location.column == 27)
        let once = #"[{name: "a", exec: "x", when: {interval: "5s", once: "healthy"}}]"#
        #expect(Fixture.jobsError(once)?.code == .conflict)
        let timeout = #"[{name: "a", exec: "x", when: {interval: "5s", timeout: "1s"}}]"#
        #expect(Fixture.jobsError(timeout)?.code == .conflict)
    }

    @Test func aWhenWithoutSourceOrEventIsRefused() {
        #expect(Fixture.jobsError(#"[{name: "a", exec: "x", when: {once: "startup"}}]"#)?.code == .missingValue)
        #expect(Fixture.jobsError(#"[{name: "a", exec: "x", when: {source: "b"}}]"#)?.code == .missingValue)
        #expect(Fixture.jobsError(#"[{name: "a", exec: "x", when: {}}]"#)?.code == .missingValue)
    }

    @Test func aBadJobNameIsReportedAtTheName() {
        let upper = """
            {consul: "c:8500",
             jobs: [{name: "Web", port: 80, health: {interval: 1, ttl: 3}}]}
            """
        #expect(
            message(upper)
                == #"containerpilot.json5:2:16: jobs[0].name: "Web" must start with a lower-case letter (a-z), to be "#
                + "a valid service name in Consul and DNS (the job has a port, so it is registered)")
        #expect(Fixture.jobsError(#"[{name: "watch.db", exec: "x"}]"#)?.code == .invalidValue)
    }

    @Test func aDuplicateJobNameIsReportedAtTheSecondName() {
        let twice = """
            {consul: "c:8500",
             jobs: [
              {name: "a", exec: "x"},
              {name: "a", exec: "y"}]}
            """
        #expect(
            message(twice) == #"containerpilot.json5:4:10: jobs[1].name: a job named "a" is already defined on line 3"#)
        let watches = #"{consul: "c:8500", watches: [{name: "db", interval: 1}, {name: "db", interval: 2}]}"#
        #expect(Fixture.error(watches)?.code == .duplicateName)
        let telemetry = #"{consul: "c:8500", telemetry: {}, jobs: [{name: "containerpilot", exec: "x"}]}"#
        #expect(Fixture.error(telemetry)?.code == .duplicateName)
    }

    @Test func aSyntaxErrorIsReportedAtItsCharacter() {
        let error = Fixture.error("{consul: \"c:8500\",\n jobs: [}", file: "cp.json5")
        #expect(error?.code == .syntax)
        #expect(error?.location == SourceLocation(file: "cp.json5", line: 2, column: 9))
    }

    @Test func aKeyRepeatedInAnotherLetterCaseIsRefused() {
        let error = Fixture.jobsError("[{name: \"a\",\n  Name: \"b\", exec: \"x\"}]")
        #expect(error?.code == .conflict)
        #expect(error?.keyPath == "jobs[0].Name")
        #expect(error?.location.line == 2 && error?.location.column == 3)
    }

    @Test func aKeyGivenTwiceKeepsTheLaterValueWithAWarning() throws {
        let configuration = try Fixture.parse("{consul: \"a:8500\",\n consul: \"b:8500\"}")
        #expect(configuration.consul.address == "b:8500")
        #expect(configuration.warnings.map(\.location.line) == [2])
    }
}
