import ContainerPilotConfig
import DiscoveryModel
import Testing

/// `templates`, pilot's extension to ContainerPilot's top-level keys: files rendered from the registry, as
/// consul-template beside ContainerPilot rendered them.
@Suite struct TemplatesKeyTests {
    static func parse(_ templates: String) throws -> ContainerPilotConfiguration {
        try ContainerPilotConfiguration(
            parsing: "{ consul: \"localhost:8500\",\n templates: \(templates) }", file: "templates.json5")
    }

    @Test func stringsAndObjectsWithConsulTemplatesKeysAreRead() throws {
        let configuration = try Self.parse("""
            [ "a.ctmpl:/etc/a.conf:reload a",
              { source: "b.ctmpl", destination: "/etc/b.conf", command: "nginx -s reload", command_timeout: "5s",
                perms: "0600", wait: "1s:3s", left_delimiter: "<%", right_delimiter: "%>",
                error_on_missing_key: true } ]
            """)
        #expect(
            configuration.templates[0]
                == TemplateDefinition(source: "a.ctmpl", destination: "/etc/a.conf", command: "reload a"))
        let b = configuration.templates[1]
        #expect(b.commandTimeout == .seconds(5))
        #expect(b.permissions == 0o600)
        #expect(b.wait == TemplateWait(minimum: .seconds(1), maximum: .seconds(3)))
        #expect(b.leftDelimiter == "<%" && b.rightDelimiter == "%>" && b.errorOnMissingKey)
    }

    @Test func anUnknownKeyOrAMissingDestinationIsRefusedAtItsPlace() {
        #expect {
            try Self.parse(#"[ { source: "a", destination: "b", perm: "0600" } ]"#)
        } throws: { error in
            let error = error as? ContainerPilotConfigurationError
            return error?.code == .unknownKey && error?.keyPath == "templates[0].perm" && error?.location.line == 2
        }
        #expect {
            try Self.parse(#"[ { source: "a" } ]"#)
        } throws: { error in
            "\(error)".contains("destination")
        }
        #expect {
            try Self.parse(#"[ "just-a-source" ]"#)
        } throws: { error in
            (error as? ContainerPilotConfigurationError)?.keyPath == "templates[0]"
        }
    }
}
