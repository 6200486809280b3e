import TestSupport
import ConsulAPI
import Foundation
import Testing

/// HTTPS against a dev agent with certificates made at test time by `consul tls`: reached with the CA file,
/// refused without it, and verified against `CONSUL_TLS_SERVER_NAME` when one is given.
@Suite("TLS against a real Consul", .serialized)
struct TLSTests {
    /// A CA and a server certificate for dc1, made with `consul tls ca create` and `consul tls cert create -server`.
    struct Certificates {
        var directory: URL
        var caFile: String { self.directory.appendingPathComponent("consul-agent-ca.pem").path }
        var serverCertificate: String { self.directory.appendingPathComponent("dc1-server-consul-0.pem").path }
        var serverKey: String { self.directory.appendingPathComponent("dc1-server-consul-0-key.pem").path }

        static func make() throws -> Certificates {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("consul-tls-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try run(["tls", "ca", "create"], in: directory)
            try run(["tls", "cert", "create", "-server", "-dc", "dc1"], in: directory)
            return Certificates(directory: directory)
        }

        private static func run(_ arguments: [String], in directory: URL) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ConsulDevAgent.consulPath)
            process.arguments = arguments
            process.currentDirectoryURL = directory
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CommandFailed(command: "consul " + arguments.joined(separator: " "))
            }
        }

        struct CommandFailed: Error {
            var command: String
        }

        /// - Parameter httpsAddress: where HTTPS listens; plain HTTP stays on 127.0.0.1 for the readiness probe.
        func agentConfig(httpsAddress: String = "127.0.0.1") -> String {
            """
            ports {
              https = {{HTTPS_PORT}}
            }
            addresses {
              https = "\(httpsAddress)"
            }
            verify_incoming = false
            verify_outgoing = false
            cert_file = "\(self.serverCertificate)"
            key_file = "\(self.serverKey)"
            ca_file = "\(self.caFile)"
            """
        }
    }

    @Test func httpsAgentIsReachedWithTheCAFileAndRefusedWithoutIt() async throws {
        let certificates = try Certificates.make()
        defer { try? FileManager.default.removeItem(at: certificates.directory) }
        try await withConsulDevAgent(name: "tls", extraConfig: certificates.agentConfig()) { agent in
            let https = try #require(agent.httpsAddress)

            let trusted = ConsulConfiguration(addresses: [https], tls: ConsulTLSSettings(caFile: certificates.caFile))
            try await withConsulClient(trusted) { consul in
                #expect(try await consul.status.leader() == "127.0.0.1:\(agent.ports.server)")
                try await consul.agent.register(AgentServiceRegistration(name: "secure", id: "secure-1", port: 443))
                let entry = try await Polling.until("secure registered over https") {
                    try await consul.health.service("secure").value.first
                }
                #expect(entry.service.port == 443)
            }

            try await withConsulClient(ConsulConfiguration(addresses: [https])) { consul in
                let refused = await #expect(throws: ConsulError.self) { try await consul.status.leader() }
                #expect(refused?.code == .tlsFailure)
                #expect(refused?.address == https)
            }

            let unverified = ConsulConfiguration(
                addresses: [https],
                tls: ConsulTLSSettings(verifyServerCertificate: false)
            )
            try await withConsulClient(unverified) { consul async throws in
                #expect(try await consul.status.leader().isEmpty == false)
            }
        }
    }

    /// The server certificate names `server.dc1.consul`, `localhost` and IP 127.0.0.1. Served on 127.0.0.2, only
    /// the server name can make it valid (NIOSSL also accepts a certificate whose IP entry is the peer's address).
    @Test func serverCertificateIsVerifiedAgainstTheConfiguredServerName() async throws {
        let certificates = try Certificates.make()
        defer { try? FileManager.default.removeItem(at: certificates.directory) }
        let config = certificates.agentConfig(httpsAddress: "127.0.0.2")
        try await withConsulDevAgent(name: "tls-name", extraConfig: config) { agent in
            let https = try #require(agent.httpsAddress)
            let byAddress = ConsulConfiguration(
                addresses: [ConsulAddress(scheme: .https, host: "127.0.0.2", port: https.port)],
                tls: ConsulTLSSettings(caFile: certificates.caFile)
            )
            try await withConsulClient(byAddress) { consul in
                // The agent is ready once its HTTP API answers; its HTTPS listener may take a moment longer on a
                // loaded machine, and a refused connection says nothing about the certificate.
                let refused = try await Polling.until("the HTTPS listener to answer", timeout: .seconds(10)) {
                    () -> ConsulError? in
                    do {
                        _ = try await consul.catalog.datacenters()
                        return ConsulError(code: .invalidResponse, detail: "the request succeeded")
                    } catch let error as ConsulError where error.code == .connectionFailed {
                        return nil
                    } catch let error as ConsulError {
                        return error
                    }
                }
                #expect(refused.code == .tlsFailure, "127.0.0.2 is not a name in the certificate: \(refused)")
            }

            let environment = [
                "CONSUL_HTTP_ADDR": "https://127.0.0.2:\(https.port)",
                "CONSUL_CACERT": certificates.caFile,
                "CONSUL_TLS_SERVER_NAME": "server.dc1.consul",
            ]
            try await withConsulClient(try ConsulConfiguration.fromEnvironment(environment)) { consul async throws in
                #expect(try await consul.catalog.datacenters() == ["dc1"])
            }

            var wrongName = environment
            wrongName["CONSUL_TLS_SERVER_NAME"] = "server.dc2.consul"
            try await withConsulClient(try ConsulConfiguration.fromEnvironment(wrongName)) { consul in
                let refused = await #expect(throws: ConsulError.self) { try await consul.catalog.datacenters() }
                #expect(refused?.code == .tlsFailure)
            }
        }
    }
}
