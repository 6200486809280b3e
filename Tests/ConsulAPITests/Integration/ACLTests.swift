import TestSupport
import ConsulAPI
import Foundation
import Testing

/// ACL tokens against a dev agent whose ACLs deny by default: the typed permission error without a token, success
/// with the management token, and the token in no log line and no error text.
@Suite("ACL tokens against a real Consul", .serialized)
struct ACLTests {
    static let managementSecret = UUID().uuidString.lowercased()

    static var aclConfig: String {
        """
        acl {
          enabled = true
          default_policy = "deny"
          enable_token_persistence = false
          tokens {
            master = "\(Self.managementSecret)"
          }
        }
        """
    }

    @Test func callWithoutATokenGetsThePermissionErrorAndTheManagementTokenSucceedsWithoutBeingLogged() async throws {
        let logs = LogRecorder()
        let management = ConsulToken(Self.managementSecret)
        try await withConsulDevAgent(name: "acl", extraConfig: Self.aclConfig, readinessToken: management) { agent in
            let registration = AgentServiceRegistration(name: "web", id: "web-1", port: 8080)

            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress]), logger: logs.logger()) {
                anonymous in
                let denied = await #expect(throws: ConsulError.self) {
                    try await anonymous.agent.register(registration)
                }
                #expect(denied?.code == .permissionDenied)
                #expect(denied?.httpStatus == 403)
                #expect(denied?.tokenWasSent == false)
                #expect(denied?.consulMessage?.contains("Permission denied") == true)
                #expect(denied?.endpoint == "PUT /v1/agent/service/register")
                #expect(denied?.description.contains("no ACL token was sent") == true)
            }

            let wrong = ConsulConfiguration(addresses: [agent.httpAddress], token: ConsulToken(UUID().uuidString))
            try await withConsulClient(wrong, logger: logs.logger()) { stranger in
                let denied = await #expect(throws: ConsulError.self) { try await stranger.agent.selfInfo() }
                #expect(denied?.code == .permissionDenied)
                #expect(denied?.tokenWasSent == true)
                #expect(denied?.description.contains("the ACL token lacks a permission") == true)
            }

            let configuration = ConsulConfiguration(addresses: [agent.httpAddress], token: management)
            try await withConsulClient(configuration, logger: logs.logger()) { consul in
                try await consul.agent.register(registration)
                let entries = try await Polling.until("web visible with the token") {
                    let entries = try await consul.health.service("web").value
                    return entries.isEmpty ? nil : entries
                }
                #expect(entries.first?.service.id == "web-1")
                #expect(try await consul.kv.put("config/web", string: "on"))

                let watch = WatchRecorder(consul.health.watchService("web") { $0.map(\.service.id) })
                _ = try await watch.delivery { $0 == ["web-1"] }
                await watch.cancel()

                let everything =
                    "\(configuration) \(String(reflecting: configuration)) \(String(describing: management))"
                #expect(!everything.contains(Self.managementSecret))
            }
        }

        let lines = logs.recorded
        #expect(lines.count > 5, "the client logged its calls")
        #expect(lines.allSatisfy { !$0.contains(Self.managementSecret) }, "the token appeared in a log line")
    }
}
