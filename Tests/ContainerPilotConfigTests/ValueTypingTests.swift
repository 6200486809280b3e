import ContainerPilotConfig
import DiscoveryModel
import Testing

/// Values are typed as ContainerPilot's decoder types them (mapstructure with weakly typed input, and its
/// `timing.ParseDuration`), and the Consul, logging and interface forms it accepts are read.
@Suite struct ValueTypingTests {
    @Test func readsNumbersWrittenAsStringsAndStringsWrittenAsNumbers() throws {
        let job = try Fixture.jobs(
            #"[{name: "web", port: "8080", exec: "x", timeout: 5, health: {interval: "0x0A", ttl: "30"}}]"#)[0]
        #expect(job.service?.port == 8080)
        #expect(job.timeout == .seconds(5))
        #expect(job.health?.interval == .seconds(10))
        #expect(job.health?.ttl == .seconds(30))
    }

    @Test func cutsTheFractionOfAWholeNumberWithAWarning() throws {
        let configuration = try Fixture.parse(#"{consul: "c:8500", watches: [{name: "db", interval: 2.7}]}"#)
        #expect(configuration.watches[0].interval == .seconds(2))
        #expect(configuration.warnings.count == 1)
    }

    @Test(arguments: [
        ("10", Duration.seconds(10)), ("1500ms", .milliseconds(1500)), ("1m30s", .seconds(90)), ("2h", .seconds(7200)),
        ("250us", .microseconds(250)), ("0", .zero),
    ])
    func readsDurationsAsContainerPilotDoes(text: String, expected: Duration) throws {
        let job = try Fixture.jobs("[{name: \"a\", exec: \"x\", stopTimeout: \"\(text)\"}]")[0]
        #expect(job.stopTimeout == expected)
    }

    @Test(arguments: ["1.5", "5 s", "10yy", "s", "1d"])
    func refusesWhatGoDoesNotParseAsADuration(text: String) {
        #expect(Fixture.jobsError("[{name: \"a\", exec: \"x\", stopTimeout: \"\(text)\"}]")?.code == .invalidValue)
    }

    @Test func readsBooleansAsGoDoes() throws {
        let base = #"name: "web", port: 80, health: {interval: 1, ttl: 3}"#
        for (text, expected) in [("true", true), ("\"T\"", true), ("1", true), ("\"false\"", false), ("0", false)] {
            let job = try Fixture.jobs("[{\(base), consul: {enableTagOverride: \(text)}}]")[0]
            #expect(job.service?.consul.enableTagOverride == expected, "\(text)")
        }
    }

    @Test func readsEveryInterfaceForm() throws {
        let job = try Fixture.jobs(
            #"""
            [{name: "web", port: 80, health: {interval: 1, ttl: 3}, interfaces: [
              "eth0", "eth1[1]", "192.168.0.0/16", "2001:db8::/64", "eth2:inet", "eth2:inet6", "inet", "inet6",
              "static:192.168.1.100"]}]
            """#)[0]
        #expect(
            job.service?.interfaces.map(\.description) == [
                "eth0:inet", "eth1[1]", "192.168.0.0/16", "2001:db8::/64", "eth2:inet", "eth2:inet6", "inet", "inet6",
                "static:192.168.1.100",
            ])
        let single = try Fixture.jobs(#"[{name: "web", port: 80, health: {interval: 1, ttl: 3}, interfaces: "eth0"}]"#)[
            0]
        #expect(single.service?.interfaces == [.service(.named("eth0", .inet))])
        let none = try Fixture.jobs(#"[{name: "web", port: 80, health: {interval: 1, ttl: 3}}]"#)[0]
        #expect(none.service?.interfaces == InterfaceSpecification.defaults)
    }

    @Test(arguments: ["eth-0", "static:999.1.1.1", "static:5", "10.0.0.0/33", "eth0[x]", "eth0:inet4"])
    func refusesWhatContainerPilotCannotReadAsAnInterface(text: String) {
        let error = Fixture.jobsError(
            "[{name: \"web\", port: 80, health: {interval: 1, ttl: 3}, interfaces: [\"\(text)\"]}]")
        #expect(error?.code == .invalidValue)
        #expect(error?.keyPath == "jobs[0].interfaces[0]")
    }

    @Test func readsTheConsulStringAndObjectForms() throws {
        #expect(
            try Fixture.parse(#"{consul: "https://consul.internal:8501"}"#).consul
                == ConsulConnection(address: "consul.internal:8501", scheme: .https))
        #expect(
            try Fixture.parse(#"{consul: "http://consul:8500"}"#).consul == ConsulConnection(address: "consul:8500"))
        let consul = try Fixture.parse(
            #"""
            {consul: {address: "consul.internal:8501", scheme: "https", token: "secret-token",
              tls: {cafile: "ca.pem", capath: "certs/", clientcert: "c.pem", clientkey: "k.pem",
                    servername: "consul.internal", verify: true}}}
            """#
        ).consul
        #expect(
            consul.tls
                == ConsulConnection.TLS(
                    caFile: "ca.pem", caPath: "certs/", clientCertificate: "c.pem", clientKey: "k.pem",
                    serverName: "consul.internal", verify: true))
        #expect(!consul.description.contains("secret-token"))
        #expect(Fixture.error(#"{consul: {address: "c:8500", tls: {insecure: true}}}"#)?.code == .unknownKey)
        #expect(Fixture.error(#"{consul: 8500}"#)?.code == .wrongType)
    }

    @Test func readsLoggingInAnyLetterCase() throws {
        let logging = try Fixture.parse(
            #"{consul: "c:8500", logging: {level: "DEBUG", format: "JSON", output: "/var/log/cp.log"}}"#
        ).logging
        #expect(logging == LoggingConfiguration(level: .debug, format: .json, output: .file("/var/log/cp.log")))
        #expect(
            try Fixture.parse(#"{consul: "c:8500", logging: {level: "warning", output: "stderr"}}"#).logging
                == LoggingConfiguration(level: .warn, output: .stderr))
        #expect(Fixture.error(#"{consul: "c:8500", logging: {level: "verbose"}}"#)?.code == .invalidValue)
        #expect(Fixture.error(#"{consul: "c:8500", logging: {format: "xml"}}"#)?.code == .invalidValue)
    }

    @Test func tagsAreAnArrayOrAnEmptyObjectAsContainerPilotsDecoderTakesThem() throws {
        let base = #"name: "web", port: 80, health: {interval: 1, ttl: 3}"#
        #expect(try Fixture.jobs("[{\(base), tags: [\"a\", 5, true]}]")[0].service?.tags == ["a", "5", "1"])
        #expect(try Fixture.jobs("[{\(base), tags: {}}]")[0].service?.tags == [])
        #expect(Fixture.jobsError("[{\(base), tags: \"a\"}]")?.code == .wrongType)
        #expect(
            Fixture.error(#"{consul: "c:8500", telemetry: {metrics: {name: "a", help: "h", type: "gauge"}}}"#)?.code
                == .wrongType)
    }

    @Test func telemetryTakesOneInterfaceAsItsDocumentationWritesIt() throws {
        let telemetry = try Fixture.parse(#"{consul: "c:8500", telemetry: {interfaces: "eth1:inet6"}}"#).telemetry
        #expect(telemetry?.interfaces == [.service(.named("eth1", .inet6))])
    }

    @Test func skipsNullJobsAsContainerPilotDoes() throws {
        #expect(try Fixture.jobs(#"[null, {name: "a", exec: "x"}]"#).map(\.name) == ["a"])
    }
}
