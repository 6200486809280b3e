import ContainerPilotConfig
import DiscoveryModel

/// The optional configuration file (`pilot run --config FILE`), JSON5, scanned once and decoded from the
/// scanned nodes. Every key is optional; the environment and flags override it.
///
/// ```json5
/// {
///   checkInterval: "5s", checkTimeout: "5s", checkTTL: "11s", ping: "./ping",
///   deregisterCriticalAfter: "10m", tags: ["v1"], meta: {team: "shop"},
///   restart: "on-failure", stopTimeout: "5s",
///   dependencies: "serviceDependencies.json", servicesFile: "/etc/containerpilot/services.json",
///   servicesFileInPlace: false, startupDeadline: "10s", mergeQuietPeriod: "50ms", mergeMaxDelay: "1s",
///   keepLastKnown: ["db"], reloadSignal: "SIGHUP", onChange: "nginx -s reload",
///   templates: ["upstream.ctmpl:/etc/nginx/upstream.conf:nginx -s reload", {source: "a.ctmpl", destination: "a"}],
///   consulAgentDataDir: "/var/lib/pilot/consul", consulAgentArgs: "-encrypt KEY",
///   controlSocket: "/var/run/containerpilot.socket", controlSocketGroup: "ops", telemetryPort: 9090,
///   logLevel: "info", logFormat: "text",
/// }
/// ```
struct ConfigurationFile: Decodable, Sendable, Equatable {
    var checkInterval: String?
    var checkTimeout: String?
    var checkTTL: String?
    var ping: String?
    var deregisterCriticalAfter: String?
    var tags: [String]?
    var meta: [String: String]?
    var restart: String?
    var stopTimeout: String?
    var dependencies: String?
    var servicesFile: String?
    var servicesFileInPlace: Bool?
    var startupDeadline: String?
    var mergeQuietPeriod: String?
    var mergeMaxDelay: String?
    var keepLastKnown: [String]?
    var reloadSignal: String?
    var onChange: String?
    var templates: [TemplateDefinition]?
    var consulAgentDataDir: String?
    var consulAgentArgs: String?
    var controlSocket: String?
    var controlSocketGroup: String?
    var telemetryPort: Int?
    var telemetryAddress: String?
    var logLevel: String?
    var logFormat: String?

    /// The keys the Codable decoder reads: all but `templates`, which ``load(path:)`` reads with its places.
    private enum CodingKeys: String, CodingKey {
        case checkInterval, checkTimeout, checkTTL, ping, deregisterCriticalAfter, tags, meta, restart, stopTimeout
        case dependencies, servicesFile, servicesFileInPlace, startupDeadline, mergeQuietPeriod, mergeMaxDelay
        case keepLastKnown, reloadSignal, onChange, consulAgentDataDir, consulAgentArgs, controlSocket
        case controlSocketGroup, telemetryPort, telemetryAddress, logLevel, logFormat
    }

    /// The file's keys, to reject unknown ones (a typo must not be silently ignored).
    static let keys: Set<String> = [
        "checkInterval", "checkTimeout", "checkTTL", "ping", "deregisterCriticalAfter", "tags", "meta", "restart",
        "stopTimeout", "dependencies", "servicesFile", "servicesFileInPlace", "startupDeadline", "mergeQuietPeriod",
        "mergeMaxDelay", "keepLastKnown", "reloadSignal", "onChange", "templates", "consulAgentDataDir", "consulAgentArgs", "controlSocket", "controlSocketGroup", "telemetryPort", "telemetryAddress",
        "logLevel", "logFormat",
    ]

    /// Reads and decodes a configuration file.
    ///
    /// - Throws: ``SettingsError`` naming the file, and the key, line and column where that is known.
    static func load(path: String) throws(SettingsError) -> ConfigurationFile {
        let source: SourceText
        do {
            source = try SourceText(contentsOfFile: path)
        } catch {
            throw SettingsError(variable: "--config", value: path, reason: error.message)
        }
        // The scanner checks syntax and keys with their places; the decoder then reads the values.
        let root: JSONNode
        do {
            root = try source.parseJSON5()
        } catch {
            throw SettingsError(variable: "--config", value: path, reason: "\(error)")
        }
        guard case .object(let members) = root.value else {
            throw SettingsError(
                variable: "--config", value: path,
                reason: "\(source.location(ofOffset: root.offset)): expected an object, found \(root.value.kindDescription)")
        }
        for member in members where !keys.contains(member.key) {
            throw SettingsError(
                variable: "--config", value: path,
                reason: "\(source.location(ofOffset: member.keyOffset)): unknown key \"\(member.key)\"; "
                    + "known keys: \(keys.sorted().joined(separator: ", "))")
        }
        // `templates` is read by the located decoder ContainerPilot configurations use, so that its errors carry
        // their line and column; the rest by the Codable decoder.
        var templates: [TemplateDefinition]?
        if let member = members.first(where: { $0.key == "templates" }) {
            do {
                templates = try TemplateDefinition.decodeList(member, source: source)
            } catch {
                throw SettingsError(variable: "--config", value: path, reason: "\(error)")
            }
        }
        let rest = JSONNode(offset: root.offset, value: .object(members.filter { $0.key != "templates" }))
        do {
            var file = try JSONNodeDecoder().decode(ConfigurationFile.self, from: rest)
            file.templates = templates
            return file
        } catch let DecodingError.typeMismatch(type, context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            let place = members.first { $0.key == context.codingPath.first?.stringValue }
                .map { "\(source.location(ofOffset: $0.value.offset)): " } ?? ""
            throw SettingsError(
                variable: "--config", value: path, reason: "\(place)\"\(key)\": expected \(Self.describe(type))")
        } catch {
            throw SettingsError(variable: "--config", value: path, reason: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is [String].Type: "an array of strings"
        case is [String: String].Type: "an object of strings"
        case is Bool.Type: "true or false"
        case is Int.Type: "a number"
        default: "\(type)"
        }
    }
}
