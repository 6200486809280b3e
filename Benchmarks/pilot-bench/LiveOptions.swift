import ArgumentParser
import Foundation

/// Shared options of the benchmarks that run a real pilot against a real Consul.
struct LiveOptions: ParsableArguments {
    @Option(help: "The pilot binary to measure (the deployed build: scripts/build-pilot).")
    var pilot = ".build/deployed/release/pilot"

    /// The binary's absolute path.
    var pilotPath: String { URL(filePath: pilot).standardizedFileURL.path(percentEncoded: false) }

    /// The binary's absolute path, checked to be an executable file.
    func executablePilot() throws -> String {
        let path = pilotPath
        guard FileManager.default.isExecutableFile(atPath: path) else { throw BenchError("no pilot binary at \(path)") }
        return path
    }
}
