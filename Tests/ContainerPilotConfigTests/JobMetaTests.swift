import ContainerPilotConfig
import DiscoveryModel
import Testing

/// `meta`, pilot's one addition to a job's keys (ContainerPilot 3.8 has none): Consul service metadata.
@Suite struct JobMetaTests {
    static func parse(_ job: String) throws -> ContainerPilotConfiguration {
        try ContainerPilotConfiguration(parsing: #"{ consul: "localhost:8500", jobs: [ \#(job) ] }"#, file: "meta.json5")
    }

    @Test func aRegisteredJobCarriesItsMeta() throws {
        let configuration = try Self.parse(
            #"{ name: "api", exec: "/srv/api", port: 80, health: { exec: "true", interval: 1, ttl: 3 }, "#
                + #"meta: { version: "2.1", team: "core" } }"#)
        #expect(configuration.jobs[0].service?.meta == ["version": "2.1", "team": "core"])
    }

    @Test func aMetaValueThatIsNotTextIsRefusedAtItsPlace() {
        #expect {
            try Self.parse(
                #"{ name: "api", exec: "/srv/api", port: 80, health: { exec: "true", interval: 1, ttl: 3 }, "#
                    + #"meta: { version: [2] } }"#)
        } throws: { error in
            let error = error as? ContainerPilotConfigurationError
            return error?.code == .wrongType && error?.keyPath == "jobs[0].meta.version"
                && error?.location.line == 1
        }
    }

    @Test func metaOnAJobWithoutAPortIsIgnoredWithAWarning() throws {
        let configuration = try Self.parse(#"{ name: "task", exec: "/srv/task", meta: { a: "b" } }"#)
        #expect(configuration.jobs[0].service == nil)
        #expect(configuration.warnings.contains { $0.keyPath == "jobs[0].meta" && $0.message.contains("no \"port\"") })
    }
}
