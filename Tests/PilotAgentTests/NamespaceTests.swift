import Foundation
import Testing
import TestSupport

/// Tests that need a namespace of their own (run as root, as CI does): interface resolution on a real
/// `eth0`, and pilot as PID 1 reaping orphans.
@Suite(.serialized) struct NamespaceTests {
    static let scripts = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Scripts")

    static func runInNetworkNamespace(interface: String) throws -> (status: Int32, output: String) {
        let directory = try PilotAgent.workingDirectory()
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/unshare")
        process.arguments = [
            "--net", "--", scripts.appending(path: "interface-in-namespace.sh").path(percentEncoded: false),
            interface, PilotAgent.executable.path(percentEncoded: false), directory.path(percentEncoded: false),
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func registersTheFirstIPv4AddressOfEth0() throws {
        let result = try Self.runInNetworkNamespace(interface: "eth0")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output == "192.0.2.10\n")
    }

    @Test func registersTheGlobalIPv6AddressOfEth0WithInet6() throws {
        let result = try Self.runInNetworkNamespace(interface: "eth0:inet6")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output == "2001:db8::10\n")
    }

    @Test func registersTheAddressInsideANetwork() throws {
        let result = try Self.runInNetworkNamespace(interface: "192.0.2.0/24")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output == "192.0.2.10\n")
    }

    @Test func missingInterfaceIsAStartupErrorListingTheOnesThatExist() async throws {
        let pilot = try PilotAgent(
            environment: ["SERVICE_PORT": "80", "SERVICE_INTERFACE": "eth9", "CONSUL_ADDR": "127.0.0.1:1"],
            directory: try PilotAgent.workingDirectory())
        #expect(try await pilot.waitForExit() == 2)
        #expect(pilot.log.contains(#"SERVICE_INTERFACE="eth9": no interface "eth9" on this host; it has "#))
        #expect(pilot.log.contains("lo (127.0.0.1"))
    }

    @Test func asPID1ItReapsOrphansSoNoZombieRemains() async throws {
        let directory = try PilotAgent.workingDirectory()
        let probe = Self.scripts.appending(path: "reaper-probe.sh").path(percentEncoded: false)
        let pilot = try PilotAgent(
            environment: ["SERVICE_COMMAND": probe], arguments: [], directory: directory,
            wrapper: ["/usr/bin/unshare", "--pid", "--fork", "--mount-proc", PilotAgent.executable.path(percentEncoded: false), "run"])
        let table = try await Polling.until("the process table of the namespace") {
            try? String(contentsOf: directory.appending(path: "processes"), encoding: .utf8)
        }
        let rows = table.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        let pilotRow = try #require(rows.first { $0.first == "1" }, "table:\n\(table)")
        #expect(pilotRow.dropFirst(3).joined(separator: " ").hasSuffix("pilot run"), "PID 1 must be pilot:\n\(table)")
        let zombies = rows.filter { $0.count > 2 && $0[2].hasPrefix("Z") }
        #expect(zombies.isEmpty, "zombies left:\n\(table)")
        try pilot.sendToChild(SIGTERM)
        #expect(try await pilot.waitForExit() == 0)
    }
}
