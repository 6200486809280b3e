import ConsulAPI
import Foundation
import Logging
import Testing
import TestSupport

/// The brief's layout with `CONSUL_JOIN_ADDR`: pilot runs a Consul client agent of its own, which joins
/// the cluster, and registers through it.
@Suite(.serialized) struct ClientAgentTests {
    @Test func ownClientAgentJoinsAndTheServiceIsVisibleThroughTheServer() async throws {
        try await withConsul(name: "cluster-server") { server, probe in
            let ports = FreePorts.take(2)
            // A dependency too, whose watch asks the agent as early as the registration does.
            try await probe.addInstance("db", id: "db-1", address: "192.0.2.1", port: 5432)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"joined": ["db"]}"#, ping: "echo ok")
            let pilot = try PilotAgent(
                environment: [
                    "CONSUL_JOIN_ADDR": "127.0.0.1:\(server.ports.serfLAN)", "CONSUL_ADVERTISE": "127.0.0.2",
                    "CONSUL_HTTP_ADDR": "127.0.0.2:\(ports[0])",
                    "PILOT_CONSUL_AGENT_ARGS": "-node pilot-client -dns-port -1 -grpc-port -1 -serf-lan-port \(ports[1])",
                    "PILOT_CONSUL_AGENT_DATA_DIR": directory.appending(path: "consul-data").path(percentEncoded: false),
                    "SERVICE_NAME": "joined", "SERVICE_PORT": "80", "SERVICE_INTERFACE": "static:127.0.0.2",
                    "SERVICE_COMMAND": "sleep 1000",
                    "PILOT_SERVICES_FILE": PilotAgent.servicesFile(in: directory),
                ],
                directory: directory)
            let check = try await probe.waitForStatus("joined", .passing, timeout: .seconds(30))
            #expect(check.node == "pilot-client")
            // The agent pilot just started is not listening at once: pilot waits for it, it reports no error
            // (issue 15: "cannot reach Consul … connection refused" at error level on every cold start).
            #expect(!pilot.log.contains(" error pilot:"), "\(pilot.log)")
            #expect(!pilot.log.contains("Consul watch call failed"), "\(pilot.log)")
            let members = try await probe.client.agent.members()
            #expect(members.contains { $0.name == "pilot-client" && $0.address == "127.0.0.2" && $0.status == 1 })

            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit(timeout: .seconds(30)) == 0)
            // Deregistered first, then the client agent left the cluster (status 3), not failed (4).
            #expect(try await probe.instances("joined").isEmpty)
            _ = try await Polling.until("the client agent to have left") {
                try await probe.client.agent.members().contains { $0.name == "pilot-client" && $0.status == 3 } ? true : nil
            }
            // In that order: deregistered, the service stopped, the client agent stopped.
            let lines = pilot.log.split(separator: "\n")
            let deregistered = try #require(lines.firstIndex { $0.hasSuffix("deregistered") }, "\(pilot.log)")
            let serviceStopped = try #require(lines.firstIndex { $0.contains("job=main") && $0.hasSuffix("stopped") })
            let agentStopped = try #require(lines.firstIndex { $0.contains("job=consul-agent") && $0.hasSuffix("stopped") })
            #expect(deregistered < serviceStopped)
            #expect(serviceStopped < agentStopped)
        }
    }

    /// Consul's client agent saves its services and the last status of their TTL checks in its data directory,
    /// and restores them when it starts: a container restarted within the TTL came back passing, on its previous
    /// life's word, before its new `./ping` had run (seen in the fleet of issue 15 as a restarted db listed
    /// before its new check). pilot starts its agent without them.
    @Test func aRestartedContainersAgentDoesNotBringBackItsPreviousLifesPassingCheck() async throws {
        try await withConsul(name: "cluster-restart") { server, probe in
            let ports = FreePorts.take(3)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"restarted": []}"#, ping: "echo ok")
            let dataDirectory = directory.appending(path: "consul-data").path(percentEncoded: false)
            func environment(join: String) -> [String: String] {
                [
                    "CONSUL_JOIN_ADDR": join, "CONSUL_ADVERTISE": "127.0.0.2",
                    "CONSUL_HTTP_ADDR": "127.0.0.2:\(ports[0])",
                    "PILOT_CONSUL_AGENT_ARGS":
                        "-node pilot-restarted -dns-port -1 -grpc-port -1 -serf-lan-port \(ports[1])",
                    "PILOT_CONSUL_AGENT_DATA_DIR": dataDirectory,
                    "SERVICE_NAME": "restarted", "SERVICE_PORT": "80", "SERVICE_INTERFACE": "static:127.0.0.2",
                    "SERVICE_COMMAND": "sleep 1000", "PILOT_SERVICES_FILE": PilotAgent.servicesFile(in: directory),
                ]
            }
            let first = try PilotAgent(
                environment: environment(join: "127.0.0.1:\(server.ports.serfLAN)"), directory: directory)
            _ = try await probe.waitForStatus("restarted", .passing, timeout: .seconds(30))
            // The container dies at once: pilot killed, its agent with it (the parent-death signal).
            first.send(SIGKILL)
            _ = try await first.waitForExit()
            let agent = try ConsulClient(
                configuration: ConsulConfiguration(addresses: [ConsulAddress(host: "127.0.0.2", port: ports[0])]),
                logger: Logger(label: "probe", factory: { _ in SwiftLogNoOpLogHandler() }))
            do {
                _ = try await Polling.until("the killed agent to stop answering", timeout: .seconds(10)) {
                    (try? await agent.agent.selfInfo()) == nil ? true : nil
                }

                // The next life, seconds later, well within the TTL: its ./ping fails, and its agent reaches no
                // server (nothing listens at the join address), so pilot registers nothing: what the agent holds is
                // what it restored.
                try PilotAgent.writeScript("exit 1", to: directory.appending(path: "ping"))
                let second = try PilotAgent(
                    environment: environment(join: "127.0.0.1:\(ports[2])"), directory: directory)
                let checks = try await Polling.until("the restarted agent to answer", timeout: .seconds(20)) {
                    try? await agent.agent.checks()
                }
                #expect(!checks.values.contains { $0.status == .passing }, "restored: \(checks)")
                #expect(try await agent.agent.services().isEmpty, "nothing registered in this life yet")
                second.send(SIGKILL)
                _ = try await second.waitForExit()
                try await agent.shutdown()
            } catch {
                try? await agent.shutdown()
                throw error
            }
        }
    }
}
