import Foundation
import PilotAgent
import Testing
import TestSupport

/// Issue 11, defect 13: the Consul address has one parser and one truth, read alike by settings, the
/// connection and lint; and pilot runs its own Consul client agent only for an address that is its to serve.
@Suite(.serialized) struct ConsulAddressTruthTests {
    static func configuration(_ environment: [String: String]) throws -> AgentConfiguration {
        try AgentConfiguration(flags: RunFlags(), environment: environment, systemHostname: "node-1")
    }

    static func printConfig(_ environment: [String: String]) async throws -> String {
        let pilot = try PilotAgent(
            environment: environment, arguments: ["run", "--print-config"], directory: PilotAgent.workingDirectory())
        let status = try await pilot.waitForExit()
        #expect(status == 0, "log:\n\(pilot.log)")
        return pilot.log
    }

    @Test func httpsAddressWithoutPortMeansConsulsHTTPSPortEverywhere() async throws {
        let log = try await Self.printConfig(["CONSUL_ADDR": "https://consul.internal"])
        #expect(log.contains("consul addresses:          https://consul.internal:8501"), "log:\n\(log)")
    }

    @Test(arguments: ["CONSUL_ADDR", "CONSUL_HTTP_ADDR"])
    func bareIPv6AddressIsAcceptedFromEitherVariable(variable: String) async throws {
        let log = try await Self.printConfig([variable: "::1"])
        #expect(log.contains("consul addresses:          http://[::1]:8500"), "log:\n\(log)")
    }

    @Test func explicitRemoteAddressWithAJoinAddressRunsNoClientAgent() async throws {
        let log = try await Self.printConfig(["CONSUL_HTTP_ADDR": "10.9.9.9", "CONSUL_JOIN_ADDR": "10.0.0.1"])
        #expect(log.contains("consul client agent:       not run"), "log:\n\(log)")
    }

    @Test func clientAgentRunsOnlyForTheDefaultOrAnExplicitLoopbackHTTPAddress() throws {
        let join = ["CONSUL_JOIN_ADDR": "10.0.0.1"]
        #expect(try Self.configuration(join).runsClientAgent)
        #expect(try !Self.configuration([:]).runsClientAgent)
        for local in ["127.0.0.1:8600", "localhost", "http://[::1]:8500"] {
            for variable in ["CONSUL_ADDR", "CONSUL_HTTP_ADDR"] {
                #expect(try Self.configuration(join.merging([variable: local]) { $1 }).runsClientAgent, "\(local)")
            }
        }
        for remote in ["10.9.9.9", "https://127.0.0.1:8501", "127.0.0.1:8500,127.0.0.1:8501", "consul.internal"] {
            for variable in ["CONSUL_ADDR", "CONSUL_HTTP_ADDR"] {
                #expect(try !Self.configuration(join.merging([variable: remote]) { $1 }).runsClientAgent, "\(remote)")
            }
        }
    }

    @Test func servicesFileInPlaceReadsTheOneBooleanParser() throws {
        for word in ["1", "true", "yes", "on", "T"] {
            #expect(try Self.configuration(["PILOT_SERVICES_FILE_IN_PLACE": word]).servicesFileInPlace, "\(word)")
        }
        for word in ["0", "false", "no", "off", "F"] {
            #expect(try !Self.configuration(["PILOT_SERVICES_FILE_IN_PLACE": word]).servicesFileInPlace, "\(word)")
        }
    }
}
