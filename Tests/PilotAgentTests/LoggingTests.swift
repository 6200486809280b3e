import Foundation
import Testing
import TestSupport

@Suite struct LoggingTests {
    @Test func jsonLogFormatWritesOneObjectPerLine() async throws {
        let directory = try PilotAgent.workingDirectory()
        let pilot = try PilotAgent(
            environment: ["SERVICE_COMMAND": "sh -c 'exit 4'", "LOG_FORMAT": "json"], arguments: ["run", "--restart", "never"],
            directory: directory)
        #expect(try await pilot.waitForExit() == 4)
        let lines = pilot.log.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(lines.count >= 2, "log:\n\(pilot.log)")
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
            #expect(object["logger"] == "pilot")
            #expect(object["time"] != nil && object["level"] != nil && object["message"] != nil)
        }
        #expect(lines.contains { $0.contains(#""job":"main""#) && $0.contains(#""message":"started""#) })
    }

    @Test func logLevelFlagSilencesInfo() async throws {
        let pilot = try PilotAgent(
            environment: ["SERVICE_COMMAND": "true"], arguments: ["run", "--restart", "never", "--log-level", "error"],
            directory: try PilotAgent.workingDirectory())
        #expect(try await pilot.waitForExit() == 0)
        #expect(!pilot.log.contains("started"))
    }
}
