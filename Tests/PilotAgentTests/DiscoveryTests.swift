import ConsulAPI
import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct DiscoveryTests {
    static func environment(_ consul: ConsulDevAgent, directory: URL, extra: [String: String] = [:]) -> [String: String] {
        ["CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "PILOT_SERVICES_FILE": PilotAgent.servicesFile(in: directory)]
            .merging(extra) { $1 }
    }

    @Test func fileFollowsInstancesWithExactBytesWithoutRegistrationOrService() async throws {
        try await withConsul(name: "disc-follow") { consul, probe in
            try await probe.addInstance("db", id: "db-2", address: "192.0.2.20", port: 5432)
            try await probe.addInstance("db", id: "db-1", address: "192.0.2.3", port: 5432)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db", "cache"], "db": []}"#)
            // The brief's second layout: SERVICE_NAME unset (main), nothing registered, nothing started.
            let pilot = try PilotAgent(environment: Self.environment(consul, directory: directory), directory: directory)
            try await pilot.waitForServicesFile("{\n  \"cache\": [],\n  \"db\": [\"192.0.2.3:5432\", \"192.0.2.20:5432\"]\n}\n")

            try await probe.addInstance("cache", id: "cache-1", address: "2001:db8::7", port: 6379)
            try await pilot.waitForServicesFile(
                "{\n  \"cache\": [\"[2001:db8::7]:6379\"],\n  \"db\": [\"192.0.2.3:5432\", \"192.0.2.20:5432\"]\n}\n")

            try await probe.removeInstance("db-1")
            try await pilot.waitForServicesFile("{\n  \"cache\": [\"[2001:db8::7]:6379\"],\n  \"db\": [\"192.0.2.20:5432\"]\n}\n")

            // An unhealthy instance leaves the file though it stays registered.
            try await probe.client.agent.register(AgentServiceRegistration(
                name: "db", id: "db-sick", address: "192.0.2.99", port: 5432, check: .ttl(.seconds(30), checkID: "sick")))
            try await probe.client.agent.passCheck("sick")
            try await pilot.waitForServicesFile(
                "{\n  \"cache\": [\"[2001:db8::7]:6379\"],\n  \"db\": [\"192.0.2.20:5432\", \"192.0.2.99:5432\"]\n}\n")
            try await probe.client.agent.failCheck("sick")
            try await pilot.waitForServicesFile("{\n  \"cache\": [\"[2001:db8::7]:6379\"],\n  \"db\": [\"192.0.2.20:5432\"]\n}\n")
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }

    @Test func prefixAppliesToDependencyNamesButNotToTheFilesKeys() async throws {
        try await withConsul(name: "disc-prefix") { consul, probe in
            try await probe.addInstance("stage-db", id: "sdb", address: "192.0.2.5", port: 1)
            try await probe.addInstance("db", id: "pdb", address: "192.0.2.6", port: 1)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"api": ["db"]}"#)
            let pilot = try PilotAgent(
                environment: Self.environment(consul, directory: directory, extra: ["CONSUL_PREFIX": "stage-", "SERVICE_NAME": "api"]),
                directory: directory)
            try await pilot.waitForServicesFile("{\n  \"db\": [\"192.0.2.5:1\"]\n}\n")
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }

    @Test func consulOutageLeavesTheFileAloneAndARestartResumesUpdates() async throws {
        try await withConsul(name: "disc-outage") { consul, probe in
            try await probe.addInstance("db", id: "db-1", address: "192.0.2.1", port: 5432)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db"]}"#)
            let pilot = try PilotAgent(
                environment: Self.environment(consul, directory: directory, extra: ["LOG_LEVEL": "debug"]), directory: directory)
            let expected = "{\n  \"db\": [\"192.0.2.1:5432\"]\n}\n"
            try await pilot.waitForServicesFile(expected)

            consul.stop()
            // Several failed calls (each logged at debug level) while Consul is down, and the file untouched.
            let failuresBefore = pilot.log.components(separatedBy: "could not connect to Consul").count
            _ = try await Polling.until("three failed watch calls", timeout: .seconds(20)) { () -> Bool? in
                pilot.log.components(separatedBy: "could not connect to Consul").count - failuresBefore >= 3 ? true : nil
            }
            #expect(pilot.servicesFile == expected)
            #expect(pilot.log.components(separatedBy: "wrote services.json").count - 1 == 1, "only the first write")

            // A restarted dev agent starts over (index 1, nothing registered): the watch resumes.
            try await consul.restart()
            try await probe.addInstance("db", id: "db-9", address: "192.0.2.9", port: 5432)
            try await pilot.waitForServicesFile("{\n  \"db\": [\"192.0.2.9:5432\"]\n}\n")
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }

    @Test func unreachableConsulAtStartKeepsThePreviousFile() async throws {
        let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db", "cache"]}"#)
        let previous = "{\n  \"cache\": [\"192.0.2.8:6379\"],\n  \"db\": [\"192.0.2.1:5432\"]\n}\n"
        try FileManager.default.createDirectory(at: directory.appending(path: "out"), withIntermediateDirectories: true)
        try previous.write(toFile: PilotAgent.servicesFile(in: directory), atomically: true, encoding: .utf8)
        let pilot = try PilotAgent(
            environment: [
                "CONSUL_ADDR": "127.0.0.1:\(FreePorts.take(1)[0])", "PILOT_SERVICES_FILE": PilotAgent.servicesFile(in: directory),
                "PILOT_STARTUP_DEADLINE": "300ms", "SERVICE_COMMAND": "touch started",
            ],
            arguments: ["run", "--restart", "never"], directory: directory)
        #expect(try await pilot.waitForExit() == 0, "the service starts after the start-up deadline")
        #expect(pilot.log.contains("no answer within 300ms for db, cache; writing what is known"))
        #expect(pilot.servicesFile == previous)
        #expect(FileManager.default.fileExists(atPath: directory.appending(path: "started").path(percentEncoded: false)))
    }

    @Test func serviceStartsOnlyAfterTheFirstCompleteFile() async throws {
        try await withConsul(name: "disc-gate") { consul, probe in
            try await probe.addInstance("db", id: "db-1", address: "192.0.2.1", port: 5432)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db"]}"#)
            let file = PilotAgent.servicesFile(in: directory)
            let pilot = try PilotAgent(
                environment: Self.environment(consul, directory: directory, extra: ["SERVICE_COMMAND": "sh -c 'cat \(file) > seen'"]),
                arguments: ["run", "--restart", "never"], directory: directory)
            #expect(try await pilot.waitForExit() == 0)
            let seen = try String(contentsOf: directory.appending(path: "seen"), encoding: .utf8)
            #expect(seen == "{\n  \"db\": [\"192.0.2.1:5432\"]\n}\n")
        }
    }

    @Test func keepLastKnownHoldsTheListWhenNoneIsHealthy() async throws {
        try await withConsul(name: "disc-keep") { consul, probe in
            try await probe.addInstance("db", id: "db-1", address: "192.0.2.1", port: 5432)
            try await probe.addInstance("cache", id: "cache-1", address: "192.0.2.2", port: 6379)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db", "cache"]}"#)
            let pilot = try PilotAgent(
                environment: Self.environment(consul, directory: directory), arguments: ["run", "--keep-last-known", "db"],
                directory: directory)
            try await pilot.waitForServicesFile("{\n  \"cache\": [\"192.0.2.2:6379\"],\n  \"db\": [\"192.0.2.1:5432\"]\n}\n")
            try await probe.removeInstance("db-1")
            try await probe.removeInstance("cache-1")
            // cache empties (it is not kept); db keeps its last list.
            try await pilot.waitForServicesFile("{\n  \"cache\": [],\n  \"db\": [\"192.0.2.1:5432\"]\n}\n")
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }

    @Test func fileWithoutTheServicesKeyStopsPilotNamingTheKeys() async throws {
        let directory = try PilotAgent.workingDirectory(dependencies: #"{"web": ["api"], "api": []}"#)
        let pilot = try PilotAgent(environment: ["SERVICE_NAME": "worker"], directory: directory)
        #expect(try await pilot.waitForExit() == 2)
        #expect(pilot.log.contains(#"serviceDependencies.json: "worker": not declared in the file (SERVICE_NAME); it declares "web", "api""#))
    }

    @Test func malformedDependencyFileStopsPilotNamingThePlace() async throws {
        let directory = try PilotAgent.workingDirectory(dependencies: "{\n  \"main\": [\"db\" \"cache\"]\n}\n")
        let pilot = try PilotAgent(environment: [:], directory: directory)
        #expect(try await pilot.waitForExit() == 2)
        #expect(pilot.log.contains("serviceDependencies.json:2:17: expected ',' or ']' in an array"))
    }

    @Test func noDependencyFileMeansNoWatchesSaidOnce() async throws {
        let directory = try PilotAgent.workingDirectory()
        let pilot = try PilotAgent(environment: ["SERVICE_COMMAND": "true"], arguments: ["run", "--restart", "never"], directory: directory)
        #expect(try await pilot.waitForExit() == 0)
        #expect(pilot.log.components(separatedBy: "no serviceDependencies.json; no dependencies to watch").count == 2)
    }

    @Test func servicesCommandPrintsWhatTheFileWouldHold() async throws {
        try await withConsul(name: "disc-command") { consul, probe in
            try await probe.addInstance("db", id: "db-1", address: "192.0.2.1", port: 5432)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db", "cache"]}"#)
            let json = try PilotAgent(
                environment: Self.environment(consul, directory: directory), arguments: ["services", "--json"], directory: directory)
            #expect(try await json.waitForExit() == 0)
            #expect(json.log == "{\n  \"cache\": [],\n  \"db\": [\"192.0.2.1:5432\"]\n}\n")
            let table = try PilotAgent(
                environment: Self.environment(consul, directory: directory), arguments: ["services"], directory: directory)
            #expect(try await table.waitForExit() == 0)
            #expect(table.log == "dependency  healthy instances\ncache       (none)\ndb          192.0.2.1:5432\n")
            #expect(!FileManager.default.fileExists(atPath: PilotAgent.servicesFile(in: directory)), "writes nothing")
        }
    }
}
