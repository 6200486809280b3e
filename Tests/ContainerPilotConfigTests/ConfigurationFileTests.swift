import ContainerPilotConfig
import DiscoveryModel
import Testing

/// ContainerPilot's `config` tests, rewritten: the whole file comes together with the values each part expects.
@Suite struct ConfigurationFileTests {
    @Test func readsEveryJobOfTheWholeFileInOrder() throws {
        let configuration = try Fixture.configuration("ValidConfiguration.json5")
        #expect(
            configuration.jobs.map(\.name) == [
                "storefront", "inventory", "log-shipper", "cacheWarmer", "migrate", "drain", "archive-logs",
                "on-payments-change", "on-search-healthy",
            ])
        #expect(configuration.consul == ConsulConnection(address: "registry.internal:8500"))
        #expect(configuration.stopTimeout == .seconds(7))

        let storefront = configuration.jobs[0]
        #expect(storefront.service?.port == 8081)
        #expect(storefront.exec == ["/usr/bin/storefront"])
        #expect(storefront.service?.tags == ["web", "blue"])
        #expect(storefront.restarts == .never)
        #expect(storefront.trigger == .event(.exitSuccess, from: .job("migrate"), repetition: .once, timeout: nil))
        #expect(storefront.service?.interfaces == [.anyInterface(.inet), .service(.named("lo", .inet))])

        let inventory = configuration.jobs[1]
        #expect(inventory.service?.port == 5050)
        #expect(inventory.service?.tags == [])
        #expect(inventory.exec == ["/usr/bin/inventory", "--serve"])
        #expect(inventory.health?.ttl == .seconds(90))
        #expect(inventory.health?.timeout == .seconds(3))

        let shipper = configuration.jobs[2]
        #expect(shipper.service == nil)
        #expect(shipper.restarts == .unlimited)
        #expect(shipper.trigger == .atStartup)

        let warmer = configuration.jobs[3]
        #expect(warmer.trigger == .interval(.seconds(2)))
        #expect(warmer.restarts == .unlimited)
        #expect(warmer.timeout == .seconds(2))

        #expect(configuration.jobs[4].exec == ["/opt/migrate.sh", "--up", "--verbose"])
        #expect(
            configuration.jobs[5].trigger
                == .event(.stopping, from: .job("storefront"), repetition: .once, timeout: nil))
        #expect(
            configuration.jobs[6].trigger == .event(.stopped, from: .job("storefront"), repetition: .once, timeout: nil)
        )
        #expect(
            configuration.jobs[7].trigger == .event(.changed, from: .watch("payments"), repetition: .each, timeout: nil)
        )
        #expect(
            configuration.jobs[8].trigger == .event(.healthy, from: .watch("search"), repetition: .each, timeout: nil))
        #expect(configuration.warnings.isEmpty)
    }

    @Test func readsTheTelemetryOfTheWholeFile() throws {
        let telemetry = try #require(try Fixture.configuration("ValidConfiguration.json5").telemetry)
        #expect(telemetry.port == 9300)
        #expect(telemetry.tags == ["staging"])
        #expect(telemetry.metrics.map(\.name) == ["open"])
        #expect(telemetry.metrics.first?.fullName == "shop_orders_open")
        #expect(telemetry.metrics.first?.kind == .gauge)
    }

    @Test func readsTheWatchesOfTheWholeFile() throws {
        let watches = try Fixture.configuration("ValidConfiguration.json5").watches
        #expect(watches.map(\.name) == ["payments", "search"])
        #expect(watches.map(\.interval) == [.seconds(13), .seconds(61)])
        #expect(watches.map(\.tag) == ["live", nil])
        #expect(watches[0].eventSource.description == "watch.payments")
    }

    @Test func usesContainerPilotsDefaultsForWhatIsNotGiven() throws {
        let configuration = try Fixture.parse("{consul: \"localhost:8500\"}")
        #expect(configuration.controlSocketPath == "/var/run/containerpilot.socket")
        #expect(configuration.stopTimeout == .seconds(5))
        #expect(configuration.logging == LoggingConfiguration(level: .info, format: .default, output: .stdout))
        #expect(configuration.jobs.isEmpty && configuration.watches.isEmpty && configuration.telemetry == nil)
    }

    @Test func takesTheControlSocketFromTheFile() throws {
        let configuration = try Fixture.parse(
            #"{"control": {"socket": "/run/pilot-test.sock"}, "consul": "consul:8500"}"#)
        #expect(configuration.controlSocketPath == "/run/pilot-test.sock")
    }

    @Test func takesAStopTimeoutOfZeroAsNotGiven() throws {
        #expect(try Fixture.parse("{consul: \"c:8500\", stopTimeout: 0}").stopTimeout == .seconds(5))
        #expect(try Fixture.parse("{consul: \"c:8500\", stopTimeout: \"12\"}").stopTimeout == .seconds(12))
    }

    @Test func aJobOrWatchMovedInTheFileKeepsItsDefinition() throws {
        let before = try Fixture.parse(
            #"{consul: "c:8500", jobs: [{name: "a", exec: "x"}], watches: [{name: "db", interval: 5}]}"#)
        let after = try Fixture.parse(
            """
            {
              // a comment pushes everything down
              consul: "c:8500",
              watches: [{name: "db", interval: 5}],
              jobs: [{name: "b", exec: "y"}, {name: "a", exec: "x"}]
            }
            """)
        #expect(after.jobs[1] == before.jobs[0])
        #expect(after.jobs[1].location != before.jobs[0].location)
        #expect(Set(after.jobs).contains(before.jobs[0]))
        #expect(after.watches == before.watches)
        #expect(after.jobs[0] != before.jobs[0])
    }

    @Test func refusesAFileWithoutConsul() {
        let error = Fixture.error("{\n  jobs: []\n}")
        #expect(error?.code == .missingValue)
        #expect(error?.location.line == 1)
        #expect(error?.description.contains("needs \"consul\"") == true)
    }
}
