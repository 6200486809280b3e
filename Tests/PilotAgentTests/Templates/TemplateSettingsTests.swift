import DiscoveryModel
import Foundation
import Testing

@testable import PilotAgent

/// Templates as every front end of pilot's own settings configures them.
@Suite struct TemplateSettingsTests {
    static func configuration(flags: [String] = [], environment: [String: String] = [:], file: String? = nil) throws
        -> AgentConfiguration
    {
        var runFlags = RunFlags()
        runFlags.templates = flags
        if let file {
            let path = FileManager.default.temporaryDirectory.appending(path: "pilot-tpl-\(UUID().uuidString).json5")
            try file.write(to: path, atomically: true, encoding: .utf8)
            runFlags.config = path.path(percentEncoded: false)
        }
        return try AgentConfiguration(flags: runFlags, environment: environment, systemHostname: "h")
    }

    @Test func theFlagTakesConsulTemplatesFormAndTheCommandKeepsItsColons() throws {
        let configuration = try Self.configuration(flags: ["in.ctmpl:/etc/out.conf:sh -c 'echo a:b'"])
        #expect(configuration.templates == [
            TemplateDefinition(source: "in.ctmpl", destination: "/etc/out.conf", command: "sh -c 'echo a:b'"),
        ])
    }

    @Test func theVariableListsTemplatesSeparatedBySemicolonsOrLinesAndFlagsWin() throws {
        let environment = ["PILOT_TEMPLATES": "a.ctmpl:a.conf; b.ctmpl:b.conf:reload\n"]
        #expect(try Self.configuration(environment: environment).templates.map(\.destination) == ["a.conf", "b.conf"])
        let flagged = try Self.configuration(flags: ["c:c.conf"], environment: environment)
        #expect(flagged.templates.map(\.destination) == ["c.conf"])
    }

    @Test func theFileTakesStringsAndObjectsWithConsulTemplatesKeys() throws {
        let configuration = try Self.configuration(file: """
            { templates: [
                "a.ctmpl:a.conf",
                { source: "b.ctmpl", destination: "b.conf", command: "nginx -s reload", command_timeout: "5s",
                  perms: "0640", wait: { min: "2s", max: "10s" }, left_delimiter: "[[", right_delimiter: "]]",
                  error_on_missing_key: true },
                { source: "c.ctmpl", destination: "c.conf", wait: "1s" },
            ] }
            """)
        let b = configuration.templates[1]
        #expect(b.command == "nginx -s reload")
        #expect(b.commandTimeout == .seconds(5))
        #expect(b.permissions == 0o640)
        #expect(b.wait == TemplateWait(minimum: .seconds(2), maximum: .seconds(10)))
        #expect(b.leftDelimiter == "[[" && b.rightDelimiter == "]]" && b.errorOnMissingKey)
        #expect(configuration.templates[2].wait == TemplateWait(minimum: .seconds(1), maximum: .seconds(4)))
    }

    @Test func badDefinitionsNameTheirSource() throws {
        #expect(throws: SettingsError.self) { try Self.configuration(flags: ["only-a-source"]) }
        do {
            _ = try Self.configuration(environment: ["PILOT_TEMPLATES": "x"])
            Issue.record("accepted")
        } catch {
            #expect("\(error)".contains("PILOT_TEMPLATES"))
        }
        do {
            _ = try Self.configuration(file: #"{ templates: [{ source: "a", destination: "b", perm: "0600" }] }"#)
            Issue.record("accepted")
        } catch {
            // Placed at its line and column, with the key path, as in a ContainerPilot configuration.
            #expect("\(error)".contains(":1:48: templates[0].perm: unknown key"), "\(error)")
        }
    }
}
