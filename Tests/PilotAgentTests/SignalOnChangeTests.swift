import ConsulAPI
import Foundation
import Testing
import TestSupport

/// SIGHUP to the managed service after each write of `services.json`, when asked for.
@Suite(.serialized) struct SignalOnChangeTests {
    /// A service that appends what it read from services.json to `reloads` each time it gets SIGHUP.
    static func reloadingService(in directory: URL) throws {
        let file = PilotAgent.servicesFile(in: directory)
        try PilotAgent.writeScript(
            """
            trap 'tr -d "\\n " < \(file) >> reloads; echo >> reloads' HUP
            touch ready
            while true; do sleep 0.01; done
            """, to: directory.appending(path: "app"))
    }

    /// Starts pilot over the reloading service, watching `db`, and waits until the service runs.
    static func startReloadingService(
        _ consul: ConsulDevAgent, extra: [String: String], arguments: [String] = ["run"]
    ) async throws -> (PilotAgent, URL) {
        let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db"]}"#)
        try reloadingService(in: directory)
        let pilot = try PilotAgent(
            environment: DiscoveryTests.environment(consul, directory: directory, extra: ["SERVICE_COMMAND": "./app"].merging(extra) { $1 }),
            arguments: arguments, directory: directory)
        _ = try await Polling.until("the service to start") {
            FileManager.default.fileExists(atPath: directory.appending(path: "ready").path(percentEncoded: false)) ? true : nil
        }
        return (pilot, directory)
    }

    static func reloads(in directory: URL) -> [String] {
        ((try? String(contentsOf: directory.appending(path: "reloads"), encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    @Test func eachIsolatedChangeIsSignalledOnceAfterTheWrite() async throws {
        try await withConsul(name: "signal-once") { consul, probe in
            let (pilot, directory) = try await Self.startReloadingService(consul, extra: ["SERVICE_SIGNAL_CHANGED": "1"])
            for (index, address) in ["192.0.2.1", "192.0.2.2", "192.0.2.3"].enumerated() {
                try await probe.addInstance("db", id: "db-\(index)", address: address, port: 1)
                _ = try await Polling.until("reload \(index + 1)") { Self.reloads(in: directory).count == index + 1 ? true : nil }
            }
            // Each reload read the file as it was after the write it was signalled for.
            #expect(Self.reloads(in: directory) == [
                #"{"db":["192.0.2.1:1"]}"#, #"{"db":["192.0.2.1:1","192.0.2.2:1"]}"#,
                #"{"db":["192.0.2.1:1","192.0.2.2:1","192.0.2.3:1"]}"#,
            ])
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }

    @Test func aBurstOfTwentyChangesGivesAFewSignalsNotTwenty() async throws {
        try await withConsul(name: "signal-burst") { consul, probe in
            let (pilot, directory) = try await Self.startReloadingService(consul, extra: ["SERVICE_SIGNAL_CHANGED": "1"])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask { try await probe.addInstance("db", id: "db-\(index)", address: "192.0.2.\(index + 1)", port: 1) }
                }
                try await group.waitForAll()
            }
            _ = try await Polling.until("the last reload to see all 20") {
                Self.reloads(in: directory).last?.components(separatedBy: ":1\"").count == 21 ? true : nil
            }
            let reloads = Self.reloads(in: directory)
            #expect(reloads.count <= 5, "\(reloads.count) reloads for a burst of 20: \(reloads)")
            #expect(reloads.last?.hasPrefix(#"{"db":["192.0.2.1:1","192.0.2.2:1""#) == true)
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }

    @Test func noSignalWhenSignalChangedIsUnset() async throws {
        try await withConsul(name: "signal-off") { consul, probe in
            let (pilot, directory) = try await Self.startReloadingService(
                consul, extra: [:], arguments: ["run", "--on-change", "sh -c 'echo changed >> on-change'"])
            try await probe.addInstance("db", id: "db-1", address: "192.0.2.1", port: 1)
            try await pilot.waitForServicesFile("{\n  \"db\": [\"192.0.2.1:1\"]\n}\n")
            // The on-change command runs after each write (the first file, then the change); once it has run
            // for the change, a signal would have been sent too.
            _ = try await Polling.until("the on-change command for both writes") {
                (try? String(contentsOf: directory.appending(path: "on-change"), encoding: .utf8)) == "changed\nchanged\n" ? true : nil
            }
            #expect(Self.reloads(in: directory).isEmpty)
            #expect(!pilot.log.contains("sent SIGHUP"))
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }
}
