import Foundation
import Testing
import TestSupport

/// Issue 11, defect 7: after a failed write the file stayed stale until the next change in Consul, and a
/// deleted `services.json` was not recreated.
@Suite(.serialized) struct ServicesFileRetryTests {
    static func start(_ consul: ConsulDevAgent, directory: URL) throws -> PilotAgent {
        try PilotAgent(
            environment: [
                "CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)",
                "PILOT_SERVICES_FILE": PilotAgent.servicesFile(in: directory),
            ],
            directory: directory)
    }

    @Test func aFailedWriteIsRetriedUntilTheFileIsRightWithoutANewChange() async throws {
        try await withConsul(name: "fault-retry") { consul, probe in
            try await probe.addInstance("db", id: "db-1", address: "192.0.2.1", port: 5432)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db"]}"#)
            let path = PilotAgent.servicesFile(in: directory)
            // A directory where the file should be: every write fails (rename onto a directory).
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let pilot = try Self.start(consul, directory: directory)
            try await pilot.waitForLog("cannot write \(path)")
            // Later attempts fail the same way and are not logged again.
            try await Task.sleep(for: .milliseconds(800))
            let failures = pilot.log.components(separatedBy: "cannot write \(path)").count - 1
            #expect(failures == 1, "logged once:\n\(pilot.log)")
            try FileManager.default.removeItem(atPath: path)
            // No change in Consul: the retry alone writes the file.
            try await pilot.waitForServicesFile("{\n  \"db\": [\"192.0.2.1:5432\"]\n}\n", timeout: .seconds(10))
            try await pilot.waitForLog("services.json written again")
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }

    @Test func anUnwritableDirectoryIsRetriedUntilItIsWritable() async throws {
        try await withConsul(name: "fault-retry-dir") { consul, probe in
            try await probe.addInstance("db", id: "db-1", address: "192.0.2.1", port: 5432)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db"]}"#)
            let path = PilotAgent.servicesFile(in: directory)
            let parent = (path as NSString).deletingLastPathComponent
            // A file where the directory should be: creating the directory fails (root ignores modes).
            try "not a directory".write(toFile: parent, atomically: false, encoding: .utf8)
            let pilot = try Self.start(consul, directory: directory)
            try await pilot.waitForLog("cannot write \(path)")
            try FileManager.default.removeItem(atPath: parent)
            try await pilot.waitForServicesFile("{\n  \"db\": [\"192.0.2.1:5432\"]\n}\n", timeout: .seconds(10))
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }

    @Test func aDeletedFileIsRecreatedWithinTwoSeconds() async throws {
        try await withConsul(name: "fault-recreate") { consul, probe in
            try await probe.addInstance("db", id: "db-1", address: "192.0.2.1", port: 5432)
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db"]}"#)
            let expected = "{\n  \"db\": [\"192.0.2.1:5432\"]\n}\n"
            let pilot = try Self.start(consul, directory: directory)
            try await pilot.waitForServicesFile(expected)
            try FileManager.default.removeItem(atPath: PilotAgent.servicesFile(in: directory))
            try await pilot.waitForServicesFile(expected, timeout: .seconds(2))
            // Overwritten by someone else: put right again too.
            try "{}\n".write(toFile: PilotAgent.servicesFile(in: directory), atomically: true, encoding: .utf8)
            try await pilot.waitForServicesFile(expected, timeout: .seconds(2))
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }
}
