import Foundation
import Testing

@testable import PilotAgent

/// `FileSystem.removeTree`, which clears the Consul agent's saved registrations: everything below the folder
/// goes, a symbolic link is removed and never followed, and a folder that is not there is no error.
@Suite struct FileSystemRemovalTests {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appending(path: "pilot-removal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func path(_ relative: String) -> String { root.appending(path: relative).path(percentEncoded: false) }

    @Test func removesAFolderAndEverythingBelowIt() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(atPath: path("data/checks/state"), withIntermediateDirectories: true)
        try "{}".write(toFile: path("data/checks/state/a1"), atomically: true, encoding: .utf8)
        try "{}".write(toFile: path("data/checks/b2"), atomically: true, encoding: .utf8)
        try "id".write(toFile: path("data/node-id"), atomically: true, encoding: .utf8)
        try FileSystem.removeTree("checks", in: path("data"))
        #expect(!FileManager.default.fileExists(atPath: path("data/checks")))
        #expect(FileManager.default.fileExists(atPath: path("data/node-id")), "only the folder named goes")
    }

    @Test func neverFollowsASymbolicLink() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(atPath: path("outside"), withIntermediateDirectories: true)
        try "keep".write(toFile: path("outside/precious"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: path("data/services"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: path("data/services/link"), withDestinationPath: path("outside"))
        try FileManager.default.createSymbolicLink(atPath: path("data/checks"), withDestinationPath: path("outside"))
        try FileSystem.removeTree("services", in: path("data"))
        try FileSystem.removeTree("checks", in: path("data"))
        #expect(!FileManager.default.fileExists(atPath: path("data/services")))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: path("data/checks"))) == nil)
        #expect(FileManager.default.fileExists(atPath: path("outside/precious")), "what a link points to stays")
    }

    @Test func aFolderThatIsNotThereIsNoError() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try FileSystem.removeTree("proxy", in: path(""))
        try FileSystem.removeTree("proxy", in: path("no-such-data-directory"))
    }
}
