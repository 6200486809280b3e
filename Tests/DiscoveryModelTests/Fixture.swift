import DiscoveryModel
import Foundation

/// Test inputs kept as files beside the tests, each named after the test that reads it.
enum Fixture {
    /// The folder of fixtures.
    static let directory = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures")

    /// The path of fixture `name`.
    static func path(_ name: String) -> String {
        directory.appending(path: name).path(percentEncoded: false)
    }

    /// Reads fixture `name` as a manifest, reported under its bare name.
    static func manifest(_ name: String) throws -> DependencyManifest {
        try DependencyManifest(contentsOfFile: path(name), displayPath: name)
    }

    /// The error reading fixture `name` gives, or `nil` when it reads.
    static func manifestError(_ name: String) -> DependencyFileError? {
        do {
            _ = try DependencyManifest(contentsOfFile: path(name), displayPath: name)
            return nil
        } catch {
            return error
        }
    }
}
