import Foundation

/// The folders these tests read and write.
enum Paths {
    /// The package's root folder.
    static let packageRoot = URL(filePath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The fixtures of these tests, each named after the test that reads it.
    static let fixtures = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Fixtures")

    /// The path of fixture `name`.
    static func fixture(_ name: String) -> String { fixtures.appending(path: name).path(percentEncoded: false) }

    /// The dependency file the checked-in clients are generated from.
    static let exampleDependencies = "examples/serviceDependencies.json"

    /// The folder under `clients/` that holds the generated files of `language`.
    static func checkedInSources(_ language: String) -> URL {
        switch language {
        case "go": packageRoot.appending(path: "clients/go/services")
        case "java": packageRoot.appending(path: "clients/java/src/main/java")
        default: packageRoot.appending(path: "clients/php/src")
        }
    }

    /// A new empty folder, removed at the end of the process at the latest by the system's temp cleaning.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "pilot-codegen-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A folder kept between runs for a language's build cache, so that only the first run pays for it.
    static func cacheDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "pilot-codegen-tests-cache/\(name)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every regular file under `folder`, as paths relative to it, sorted.
    static func files(under folder: URL) throws -> [String] {
        let base = folder.path(percentEncoded: false)
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory)
            if exists, !isDirectory.boolValue {
                result.append(relative)
            }
        }
        return result.sorted()
    }
}
