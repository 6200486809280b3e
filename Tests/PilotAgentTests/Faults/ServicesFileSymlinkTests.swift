import DiscoveryModel
import Foundation
import Testing
import TestSupport

@testable import PilotAgent

/// Issue 11, defect 4: as root, pilot overwrote and chmodded a root-only file that a less privileged user had
/// linked from the file's directory (at the predictable temporary name, or at the file in in-place mode).
@Suite(.serialized) struct ServicesFileSymlinkTests {
    static let secretText = "root-only secret\n"

    /// A root-only 0600 file outside the directory, and the directory services.json goes in.
    static func victim() throws -> (secret: String, directory: URL) {
        let base = FileManager.default.temporaryDirectory.appending(path: "symlink-\(UUID().uuidString)")
        let directory = base.appending(path: "shared")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let secret = base.appending(path: "secret").path(percentEncoded: false)
        try secretText.write(toFile: secret, atomically: false, encoding: .utf8)
        chmod(secret, 0o600)
        return (secret, directory)
    }

    static func expectUntouched(_ secret: String) throws {
        #expect(try String(contentsOfFile: secret, encoding: .utf8) == secretText)
        let attributes = try FileManager.default.attributesOfItem(atPath: secret)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func byRenameNeverWritesThroughALinkAtTheFileOrTheOldTemporaryName() throws {
        let (secret, directory) = try Self.victim()
        let path = directory.appending(path: "services.json").path(percentEncoded: false)
        // The links an attacker could plant: at the file, and at the temporary name pilot used to use.
        let oldTemporary = directory.appending(path: ".services.json.\(getpid()).tmp").path(percentEncoded: false)
        #expect(symlink(secret, path) == 0)
        #expect(symlink(secret, oldTemporary) == 0)
        let writer = ServicesFileWriter(path: path, inPlace: false)
        let document = Array("{\n  \"db\": []\n}\n".utf8)
        try writer.write(document)
        try Self.expectUntouched(secret)
        // The link at the file was replaced by a regular file holding the document.
        var status = stat()
        #expect(lstat(path, &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFREG)
        #expect(writer.currentBytes() == document)
    }

    @Test func inPlaceRefusesALinkAtTheFileWithAClearError() throws {
        let (secret, directory) = try Self.victim()
        let path = directory.appending(path: "services.json").path(percentEncoded: false)
        #expect(symlink(secret, path) == 0)
        let writer = ServicesFileWriter(path: path, inPlace: true)
        let error = #expect(throws: ServicesFileWriter.WriteError.self) { try writer.write(Array("{}\n".utf8)) }
        #expect(error?.description == "cannot write \(path): it is a symbolic link; refusing to write through it")
        try Self.expectUntouched(secret)
    }

    @Test func pilotInPlaceLogsTheRefusalAndLeavesTheLinkedFileAlone() async throws {
        try await withConsul(name: "fault-symlink") { consul, probe in
            try await probe.addInstance("db", id: "db-1", address: "192.0.2.1", port: 5432)
            let (secret, _) = try Self.victim()
            let directory = try PilotAgent.workingDirectory(dependencies: #"{"main": ["db"]}"#)
            let path = PilotAgent.servicesFile(in: directory)
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            #expect(symlink(secret, path) == 0)
            let pilot = try PilotAgent(
                environment: [
                    "CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "PILOT_SERVICES_FILE": path,
                    "PILOT_SERVICES_FILE_IN_PLACE": "1",
                ],
                directory: directory)
            try await pilot.waitForLog("is a symbolic link; refusing to write through it")
            try Self.expectUntouched(secret)
            pilot.send(SIGTERM)
            _ = try await pilot.waitForExit()
        }
    }
}
