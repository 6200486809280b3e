import Foundation
import TestSupport

/// Runs `pilot-codegen` or a language's tools (`go`, `javac`, `java`, `phpunit`, `php`) to their end.
enum ToolProcess {
    typealias Result = ProgramRun.Result

    /// The `pilot-codegen` that `swift build` put beside this test bundle.
    static let codegen = ProgramRun.builtProduct("pilot-codegen")

    /// Runs `pilot-codegen` with `arguments` in the package's root folder.
    static func codegen(_ arguments: [String]) throws -> Result {
        try ProgramRun.run(codegen, arguments, in: Paths.packageRoot)
    }

    /// Runs `tool`, found on `PATH`, with `arguments` in `directory`, the environment changed by `environment`.
    static func tool(_ tool: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:])
        throws -> Result
    {
        try ProgramRun.run(URL(filePath: "/usr/bin/env"), [tool] + arguments, in: directory, environment: environment)
    }

    /// Runs `executable` and waits for it to exit.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String] = [:])
        throws -> Result
    {
        try ProgramRun.run(executable, arguments, in: directory, environment: environment)
    }
}
