import Foundation
import Testing
import TestSupport

/// Every invalid setting stops pilot before it starts anything or touches Consul, with exit code 2 and a
/// message naming the variable (or flag, or file key).
@Suite struct StartupErrorTests {
    static func run(_ environment: [String: String], _ arguments: [String] = ["run"], directory: URL? = nil) async throws
        -> (status: Int32, log: String)
    {
        let pilot = try PilotAgent(
            environment: environment, arguments: arguments, directory: directory ?? PilotAgent.workingDirectory())
        let status = try await pilot.waitForExit()
        return (status, pilot.log)
    }

    @Test(arguments: [
        (["SERVICE_PORT": "abc"], #"pilot: SERVICE_PORT="abc": expected a port number from 1 to 65535"#),
        (["SERVICE_PORT": "70000"], #"pilot: SERVICE_PORT="70000": expected a port number from 1 to 65535"#),
        (["SERVICE_INTERFACE": "static:999.1.1.1"], #"SERVICE_INTERFACE="static:999.1.1.1""#),
        (["CONSUL_ADDR": "consul:abc"], #"CONSUL_ADDR="consul:abc""#),
        (["CONSUL_ADVERTISE": "nowhere"], #"CONSUL_ADVERTISE="nowhere": expected an IPv4 or IPv6 address"#),
        (["SERVICE_COMMAND": "sh -c 'oops"], #"SERVICE_COMMAND="sh -c 'oops": unterminated single quote"#),
        (["SERVICE_NAME": "bad_name"], #"SERVICE_NAME="bad_name""#),
        (["PILOT_CHECK_INTERVAL": "soon"], #"PILOT_CHECK_INTERVAL="soon": expected a duration such as 5s, 500ms or 1m"#),
        (["PILOT_RESTART": "sometimes"], #"PILOT_RESTART="sometimes": expected never, on-failure or always"#),
        (["LOG_LEVEL": "loud"], #"LOG_LEVEL="loud""#),
    ])
    func invalidVariableExitsTwoNamingIt(environment: [String: String], message: String) async throws {
        let marker = try PilotAgent.workingDirectory()
        var environment = environment
        // Were anything started, this would leave a trace.
        environment["SERVICE_COMMAND"] = environment["SERVICE_COMMAND"] ?? "touch \(marker.path(percentEncoded: false))/started"
        let result = try await Self.run(environment)
        #expect(result.status == 2)
        #expect(result.log.contains(message), "log:\n\(result.log)")
        #expect(!FileManager.default.fileExists(atPath: marker.appending(path: "started").path(percentEncoded: false)))
    }

    @Test func invalidFlagExitsTwoNamingTheFlag() async throws {
        let result = try await Self.run([:], ["run", "--check-interval", "fast"])
        #expect(result.status == 2)
        #expect(result.log.contains(#"--check-interval="fast": expected a duration"#))
    }

    @Test func flagWinsOverEnvironmentWhichWinsOverTheFile() async throws {
        let directory = try PilotAgent.workingDirectory()
        try #"{checkInterval: "7s", stopTimeout: "9s", restart: "always",}"#
            .write(to: directory.appending(path: "pilot.json5"), atomically: true, encoding: .utf8)
        let result = try await Self.run(
            ["PILOT_CHECK_INTERVAL": "3s", "PILOT_STOP_TIMEOUT": "4s"],
            ["run", "--config", "pilot.json5", "--check-interval", "2s", "--print-config"], directory: directory)
        #expect(result.status == 0)
        #expect(result.log.contains("check interval:            2s"))
        #expect(result.log.contains("stop timeout:              4s"))
        #expect(result.log.contains("restart:                   always"))
    }

    @Test func unknownConfigurationKeyNamesItsLineAndColumn() async throws {
        let directory = try PilotAgent.workingDirectory()
        try "{\n  checkInterval: \"5s\",\n  chekTimeout: \"1s\",\n}\n"
            .write(to: directory.appending(path: "pilot.json5"), atomically: true, encoding: .utf8)
        let result = try await Self.run([:], ["run", "--config", "pilot.json5"], directory: directory)
        #expect(result.status == 2)
        #expect(result.log.contains(#"--config="pilot.json5": pilot.json5:3:3: unknown key "chekTimeout""#), "\(result.log)")
    }

    @Test func printConfigHidesTheToken() async throws {
        let result = try await Self.run(["CONSUL_HTTP_TOKEN": "s3cr3t-t0ken"], ["run", "--print-config"])
        #expect(result.status == 0)
        #expect(result.log.contains("consul token:              <hidden>"))
        #expect(!result.log.contains("s3cr3t-t0ken"))
    }

    @Test func pilotWithoutArgumentsIsRun() async throws {
        let result = try await Self.run(["SERVICE_PORT": "abc"], [])
        #expect(result.status == 2)
        #expect(result.log.contains("SERVICE_PORT"))
    }
}
