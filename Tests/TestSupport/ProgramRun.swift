public import Foundation

/// Runs a program to its end, as a user would from a shell, and keeps what it printed: `pilot`,
/// `pilot-codegen`, or a language's tools.
public enum ProgramRun {
    /// What a run printed and how it ended.
    public struct Result: CustomStringConvertible, Sendable {
        /// The exit status.
        public var status: Int32
        /// Everything written to standard output.
        public var standardOutput: String
        /// Everything written to standard error.
        public var standardError: String

        /// Both streams, for a failed expectation's message.
        public var description: String { "exit \(status)\n--- stdout\n\(standardOutput)\n--- stderr\n\(standardError)" }
    }

    /// The executable `swift build` put beside this test bundle under `name` (`pilot`, `pilot-codegen`).
    public static func builtProduct(_ name: String) -> URL {
        URL(filePath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appending(path: name)
    }

    /// Runs `executable` in `directory` (the current one when `nil`), with this process's environment
    /// changed by `environment`, and waits for it to exit.
    public static func run(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Both pipes are read to the end before waiting, so a chatty program cannot fill one and stall.
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

/// Data handed from a reader queue to the caller; the dispatch group's wait orders the two accesses.
private final class DataBox: @unchecked Sendable {
    var value = Data()
}
