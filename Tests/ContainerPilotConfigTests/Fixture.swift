import ContainerPilotConfig
import Foundation

/// Rewritten ContainerPilot fixtures kept beside the tests, each named after the test that reads it.
enum Fixture {
    /// The folder of fixtures.
    static let directory = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures")

    /// Parses fixture `name`, reported under its bare name.
    static func configuration(_ name: String) throws -> ContainerPilotConfiguration {
        let text = try String(contentsOf: directory.appending(path: name), encoding: .utf8)
        return try ContainerPilotConfiguration(parsing: text, file: name)
    }

    /// The error parsing `text` gives, or `nil` when it parses.
    static func error(_ text: String, file: String = "containerpilot.json5") -> ContainerPilotConfigurationError? {
        do {
            _ = try ContainerPilotConfiguration(parsing: text, file: file)
            return nil
        } catch {
            return error
        }
    }

    /// Parses `text` as a whole configuration.
    static func parse(_ text: String) throws -> ContainerPilotConfiguration {
        try ContainerPilotConfiguration(parsing: text, file: "containerpilot.json5")
    }

    /// Parses `jobs`, the text of a `jobs` array, inside a configuration with a Consul address.
    static func jobs(_ jobs: String) throws -> [JobConfiguration] {
        try parse("{consul: \"localhost:8500\", jobs: \(jobs)}").jobs
    }

    /// The error parsing the `jobs` array `jobs` gives, or `nil`.
    static func jobsError(_ jobs: String) -> ContainerPilotConfigurationError? {
        error("{consul: \"localhost:8500\", jobs: \(jobs)}")
    }
}
