import DiscoveryModel
import Logging
import ConsulAPI
import SettingValues

/// `pilot run --print-config`: the effective configuration, one `name: value` line each, secrets hidden.
public enum ConfigurationPrinter {
    /// The text, ending with a newline.
    public static func text(_ configuration: AgentConfiguration) -> String {
        let settings = configuration.settings
        let duration = DurationText.format
        var lines: [(String, String)] = [
            ("consul addresses", configuration.consul.addresses.map(\.description).joined(separator: ", ")),
            ("consul token", configuration.consul.token == nil ? "none" : "<hidden>"),
            ("consul client agent", configuration.runsClientAgent
                ? "run, joining \(settings.consulJoinAddresses.joined(separator: ", "))" : "not run"),
            ("consul advertise", settings.consulAdvertise?.description ?? "Consul's choice"),
            ("consul agent data dir", configuration.consulAgentDataDirectory),
            ("consul agent args", configuration.consulAgentArguments.joined(separator: " ")),
            ("service name", settings.registeredName),
            ("service id", settings.serviceID),
            ("service port", settings.servicePort.map(String.init) ?? "unset (no registration)"),
            ("service command", settings.serviceCommand.map { $0.map(JSONText.quoted).joined(separator: " ") } ?? "unset (start nothing)"),
            ("service interface", settings.serviceInterface.description),
            ("signal on change", settings.signalOnChange ? "SIGHUP" : "off"),
            ("check interval", duration(configuration.checkInterval)),
            ("check timeout", duration(configuration.checkTimeout)),
            ("check ttl", duration(configuration.checkTTL)),
            ("ping", configuration.ping.joined(separator: " ")),
            ("deregister critical after", configuration.deregisterCriticalAfter.map(duration) ?? "never"),
            ("tags", configuration.tags.joined(separator: ", ")),
            ("meta", configuration.meta.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")),
            ("restart", configuration.restartPolicy.rawValue),
            ("stop timeout", duration(configuration.stopTimeout)),
            ("dependencies", configuration.dependencyFile),
            ("services file", configuration.servicesFile + (configuration.servicesFileInPlace ? " (in place)" : "")),
            ("startup deadline", duration(configuration.startupDeadline)),
            ("merge changes", configuration.mergeQuietPeriod == .zero ? "off"
                : "quiet \(duration(configuration.mergeQuietPeriod)), at most \(duration(configuration.mergeMaximumDelay))"),
            ("keep last known", configuration.keepLastKnown.sorted().joined(separator: ", ")),
            ("reload signal", SignalName.name(of: configuration.reloadSignal)),
            ("on change", configuration.onChange?.joined(separator: " ") ?? "none"),
            ("templates", configuration.templates.isEmpty ? "none" : configuration.templates.map { template in
                "\(template.source) -> \(template.destination)" + (template.command.map { " (then: \($0))" } ?? "")
            }.joined(separator: "; ")),
            ("control socket", (configuration.controlSocket ?? "off")
                + (configuration.controlSocketGroup.map { " (group \($0), mode 0660)" } ?? " (mode 0600)")),
            ("telemetry", configuration.telemetryPort.map { "\(configuration.telemetryAddress):\($0)" } ?? "off"),
            ("log level", configuration.logLevel.rawValue),
            ("log format", configuration.logFormat.rawValue),
        ]
        if configuration.consul.tls.caFile != nil || configuration.consul.tls.clientCertificateFile != nil {
            lines.append(("consul tls ca", configuration.consul.tls.caFile ?? "system"))
            lines.append(("consul tls client cert", configuration.consul.tls.clientCertificateFile ?? "none"))
        }
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { $0.0 + ":" + String(repeating: " ", count: width - $0.0.count + 1) + $0.1 }
            .joined(separator: "\n") + "\n"
    }
}
