import DiscoveryModel
import Foundation
@testable import PilotAgent
import Testing

/// The configuration file is decoded from the scanner's nodes; what it reads, and the message for a value of
/// the wrong type, are what Foundation's JSON5 decoder gave.
@Suite struct ConfigurationFileTests {
    static func write(_ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appending(path: "pilot-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appending(path: "pilot.json5")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path(percentEncoded: false)
    }

    /// The reason `load` gave when Foundation decoded the file: the type-mismatch message built from its error.
    static func foundationReason(_ text: String, path: String) throws -> String? {
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        do {
            _ = try decoder.decode(ConfigurationFile.self, from: Data(text.utf8))
            return nil
        } catch DecodingError.typeMismatch(let type, let context) {
            let source = SourceText(path: path, text: text)
            guard case .object(let members) = try source.parseJSON5().value else { return nil }
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            let place = members.first { $0.key == context.codingPath.first?.stringValue }
                .map { "\(source.location(ofOffset: $0.value.offset)): " } ?? ""
            let expected: String =
                switch type {
                case is String.Type: "a string"
                case is [String].Type: "an array of strings"
                case is [String: String].Type: "an object of strings"
                case is Bool.Type: "true or false"
                case is Int.Type: "a number"
                default: "\(type)"
                }
            return "\(place)\"\(key)\": expected \(expected)"
        }
    }

    @Test func readsEveryKeyAsFoundationsDecoderDid() throws {
        let text = #"""
            // pilot
            {
              checkInterval: "5s", checkTimeout: '5s', checkTTL: "11s", ping: "./ping \"x\"",
              deregisterCriticalAfter: "10m", tags: ["v1", "a/b",], meta: {team: "shop", 'x-y': ""},
              restart: "on-failure", stopTimeout: "5s", dependencies: "serviceDependencies.json",
              servicesFile: "/etc/containerpilot/services.json", servicesFileInPlace: true, startupDeadline: "10s",
              mergeQuietPeriod: "50ms", mergeMaxDelay: "1s", keepLastKnown: ["db"], reloadSignal: "SIGHUP",
              onChange: "nginx -s reload", consulAgentDataDir: "/var/lib/pilot/consul", consulAgentArgs: "-x",
              controlSocket: "/var/run/containerpilot.socket", controlSocketGroup: "ops", telemetryPort: 0x2382,
              telemetryAddress: "0.0.0.0", logLevel: "info", logFormat: null, /* the default */
            }
            """#
        let path = try Self.write(text)
        let ours = try ConfigurationFile.load(path: path)
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        #expect(ours == (try decoder.decode(ConfigurationFile.self, from: Data(text.utf8))))
        #expect(ours.telemetryPort == 9090 && ours.meta?["x-y"] == "" && ours.logFormat == nil)
    }

    @Test(arguments: [
        "{checkInterval: 5}", "{\n  tags: \"v1\",\n}", "{tags: [\"a\", 1]}", "{meta: [\"a\"]}", "{meta: {a: 1}}",
        "{servicesFileInPlace: \"yes\"}", "{telemetryPort: \"9090\"}", "{ping: true}", "{keepLastKnown: {}}",
        "{logLevel: [], logFormat: 1}",
    ])
    func wrongTypesAreReportedAtTheirLineAndColumnAsBefore(_ text: String) throws {
        let path = try Self.write(text)
        let expected = try #require(try Self.foundationReason(text, path: path))
        #expect(throws: SettingsError(variable: "--config", value: path, reason: expected)) {
            try ConfigurationFile.load(path: path)
        }
    }
}
