import ConsulAPI
import Foundation
import TestSupport

/// Dependency instances registered straight in Consul, and the `services.json` pilot makes of them.
extension ConsulProbe {
    /// Registers an instance with no check, so it counts as healthy.
    func addInstance(_ service: String, id: String, address: String, port: Int) async throws {
        try await client.agent.register(AgentServiceRegistration(name: service, id: id, address: address, port: port))
    }

    /// Deregisters an instance.
    func removeInstance(_ id: String) async throws {
        try await client.agent.deregister(serviceID: id)
    }
}

extension PilotAgent {
    /// A working directory with a `serviceDependencies.json`.
    static func workingDirectory(dependencies: String, ping: String? = nil) throws -> URL {
        let directory = try workingDirectory(ping: ping)
        try dependencies.write(to: directory.appending(path: "serviceDependencies.json"), atomically: true, encoding: .utf8)
        return directory
    }

    /// The path `services.json` is written to in `directory` (tests never touch /etc).
    static func servicesFile(in directory: URL) -> String {
        directory.appending(path: "out/services.json").path(percentEncoded: false)
    }

    /// Waits until `services.json` in `directory` holds exactly `expected`.
    func waitForServicesFile(_ expected: String, timeout: Duration = .seconds(20)) async throws {
        let path = Self.servicesFile(in: directory)
        _ = try await Polling.until("services.json to be:\n\(expected)", timeout: timeout) { () -> Bool? in
            (try? String(contentsOfFile: path, encoding: .utf8)) == expected ? true : nil
        }
    }

    /// The current content of `services.json` in `directory`.
    var servicesFile: String? { try? String(contentsOfFile: Self.servicesFile(in: directory), encoding: .utf8) }

    /// A discovery-only pilot whose service `main` depends on `db`, started once `db` has one instance
    /// (192.0.2.1:5432) and returned once its first `services.json` lists it.
    static func watchingOneDatabase(_ consul: ConsulDevAgent, _ probe: ConsulProbe, extra: [String: String] = [:])
        async throws -> PilotAgent
    {
        try await probe.addInstance("db", id: "db-1", address: "192.0.2.1", port: 5432)
        let directory = try workingDirectory(dependencies: #"{"main": ["db"]}"#)
        let pilot = try PilotAgent(
            environment: [
                "CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "PILOT_SERVICES_FILE": servicesFile(in: directory),
            ].merging(extra) { $1 },
            directory: directory)
        try await pilot.waitForServicesFile("{\n  \"db\": [\"192.0.2.1:5432\"]\n}\n")
        return pilot
    }
}
