import Foundation

/// Runs the `pilot` executable that `swift build` put beside this test bundle, as a user would.
struct PilotProcess {
    /// What a run printed and how it ended.
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The built `pilot` binary.
    static let executable: URL = {
        let testBinary = URL(filePath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appending(path: "pilot")
    }()

    /// The fixtures folder of these tests.
    static let fixtures = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures")

    /// The path of fixture `name`.
    static func fixture(_ name: String) -> String {
        fixtures.appending(path: name).path(percentEncoded: false)
    }

    /// Runs `pilot` with `arguments` in `directory` and waits for it to exit.
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read both pipes to the end before waiting, so a large report cannot fill a pipe and stall.
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
