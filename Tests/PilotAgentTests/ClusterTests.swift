import ConsulAPI
import Foundation
import Logging
import Synchronization
import Testing
import TestSupport

/// A three-server Consul cluster on 127.0.0.1 to 127.0.0.3 loses its leader: pilot's watches carry on
/// through the election and `services.json` stays correct all along.
@Suite(.serialized) struct ClusterTests {
    @Test func watchesSurviveTheLeadersLossAndTheFileStaysCorrect() async throws {
        let cluster = try ConsulCluster(name: "election")
        defer { cluster.stop() }
        try await cluster.start()
        let client = try ConsulClient(
            configuration: ConsulConfiguration(addresses: cluster.httpAddresses),
            logger: Logger(label: "probe", factory: { _ in SwiftLogNoOpLogHandler() }))
        do {
            // An instance lives on its agent's node and fails with it; registered on every server, it
            // survives the loss of any one of them.
            try await Self.registerOnEach(cluster.servers, id: "db-1", address: "192.0.2.1")
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db"]}"#)
            let pilot = try PilotAgent(
                environment: [
                    "CONSUL_ADDR": cluster.httpAddresses.map { "\($0.host):\($0.port)" }.joined(separator: ","),
                    "PILOT_SERVICES_FILE": PilotAgent.servicesFile(in: directory),
                ],
                directory: directory)
            let first = "{\n  \"db\": [\"192.0.2.1:5432\"]\n}\n"
            try await pilot.waitForServicesFile(first, timeout: .seconds(30))

            // Watch the file the whole time: it may only ever hold one of the two correct documents.
            let second = "{\n  \"db\": [\"192.0.2.1:5432\", \"192.0.2.2:5432\"]\n}\n"
            let wrong = Mutex<[String]>([])
            let watching = Atomic(true)
            let path = PilotAgent.servicesFile(in: directory)
            let reader = Thread {
                while watching.load(ordering: .acquiring) {
                    let content = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<missing>"
                    if content != first && content != second { wrong.withLock { $0.append(content) } }
                    usleep(2000)
                }
            }
            reader.start()

            let leader = try #require(try await cluster.leader(asSeenBy: client))
            leader.stop()
            let survivors = cluster.servers.filter { $0 !== leader }
            let survivorClient = try ConsulClient(
                configuration: ConsulConfiguration(addresses: survivors.map(\.httpAddress)),
                logger: Logger(label: "probe", factory: { _ in SwiftLogNoOpLogHandler() }))
            do {
                let newLeader = try await Polling.until("a new leader", timeout: .seconds(30)) { () -> ConsulDevAgent? in
                    let candidate = try await cluster.leader(asSeenBy: survivorClient)
                    return candidate === leader ? nil : candidate
                }
                #expect(newLeader !== leader)
                try await Self.registerOnEach(survivors, id: "db-2", address: "192.0.2.2")
                do {
                    try await pilot.waitForServicesFile(second, timeout: .seconds(30))
                } catch {
                    Issue.record("pilot log:\n\(pilot.log)")
                    throw error
                }
                try await survivorClient.shutdown()
            } catch {
                try? await survivorClient.shutdown()
                throw error
            }
            watching.store(false, ordering: .releasing)
            while !reader.isFinished { usleep(1000) }
            #expect(wrong.withLock { $0.isEmpty }, "services.json held: \(wrong.withLock { Set($0) })")
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    static func registerOnEach(_ servers: [ConsulDevAgent], id: String, address: String) async throws {
        for server in servers {
            let client = try ConsulClient(
                configuration: ConsulConfiguration(addresses: [server.httpAddress]),
                logger: Logger(label: "probe", factory: { _ in SwiftLogNoOpLogHandler() }))
            do {
                try await client.agent.register(AgentServiceRegistration(name: "db", id: id, address: address, port: 5432))
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }
}
