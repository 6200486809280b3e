import Foundation

/// Runs a program to its end, as a user would from a shell: `pilot-codegen` itself, or a language's
/// tools (`go`, `javac`, `java`, `phpunit`, `php`).
struct ToolProcess {
    /// What a run printed and how it ended.
    struct Result: CustomStringConvertible {
        var status: Int32
        var standardOutput: String
        var standardError: String

        /// Both streams, for a failed expectation's message.
        var description: String { "exit \(status)\n--- stdout\n\(standardOutput)\n--- stderr\n\(standardError)" }
    }

    /// The `pilot-codegen` that `swift build` put beside this test bundle.
    static let codegen: URL = URL(filePath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appending(path: "pilot-codegen")

    /// Runs `pilot-codegen` with `arguments` in the package's root folder.
    static func codegen(_ arguments: [String]) throws -> Result {
        try run(codegen, arguments, in: Paths.packageRoot)
    }

    /// Runs `tool`, found on `PATH`, with `arguments` in `directory`, the environment changed by `environment`.
    static func tool(_ tool: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:])
        throws -> Result
    {
        try run(URL(filePath: "/usr/bin/env"), [tool] + arguments, in: directory, environment: environment)
    }

    /// Runs `executable` and waits for it to exit.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String] = [:])
        throws -> Result
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Both pipes are read to the end before waiting, so a chatty test runner cannot fill one and stall.
        let errorData = DataBox()
        let errorRead = DispatchGroup()
        errorRead.enter()
        DispatchQueue.global().async {
            errorData.value = error.fileHandleForReading.readDataToEndOfFile()
            errorRead.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        errorRead.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData.value, as: UTF8.self))
    }
}

/// Data handed from a reader queue to the test; the dispatch group's wait orders the two accesses.
private final class DataBox: @unchecked Sendable {
    var value = Data()
}
