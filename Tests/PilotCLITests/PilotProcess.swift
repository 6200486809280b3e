import Foundation
import TestSupport

/// Runs the `pilot` executable that `swift build` put beside this test bundle, as a user would.
enum PilotProcess {
    typealias Result = ProgramRun.Result

    /// The built `pilot` binary.
    static let executable = ProgramRun.builtProduct("pilot")

    /// The fixtures folder of these tests.
    static let fixtures = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures")

    /// The path of fixture `name`.
    static func fixture(_ name: String) -> String {
        fixtures.appending(path: name).path(percentEncoded: false)
    }

    /// Runs `pilot` with `arguments` in `directory` and waits for it to exit.
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        try ProgramRun.run(executable, arguments, in: directory)
    }
}
