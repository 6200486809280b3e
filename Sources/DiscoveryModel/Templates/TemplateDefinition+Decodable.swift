import SettingValues

extension TemplateDefinition: Decodable {
    /// The keys of a template object, consul-template's names.
    public static let keys = [
        "source", "destination", "command", "command_timeout", "perms", "wait", "left_delimiter", "right_delimiter",
        "error_on_missing_key",
    ]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads `"SOURCE:DESTINATION[:COMMAND]"` or an object with consul-template's keys.
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            do {
                self = try TemplateDefinition(specification: text)
            } catch {
                throw DecodingError.dataCorruptedError(in: single, debugDescription: error.reason)
            }
            return
        }
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys where !Self.keys.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription:
                    "unknown key \"\(key.stringValue)\"; expected one of \(Self.keys.joined(separator: ", "))")
        }
        func string(_ name: String) throws -> String? {
            try container.decodeIfPresent(String.self, forKey: Key(stringValue: name))
        }
        func duration(_ name: String, _ text: String) throws -> Duration {
            do {
                return try DurationText.parse(text)
            } catch {
                throw DecodingError.dataCorruptedError(
                    forKey: Key(stringValue: name), in: container, debugDescription: "\(error)")
            }
        }
        guard let source = try string("source"), !source.isEmpty else {
            throw DecodingError.keyNotFound(
                Key(stringValue: "source"),
                .init(codingPath: decoder.codingPath, debugDescription: "a template needs \"source\""))
        }
        guard let destination = try string("destination"), !destination.isEmpty else {
            throw DecodingError.keyNotFound(
                Key(stringValue: "destination"),
                .init(codingPath: decoder.codingPath, debugDescription: "a template needs \"destination\""))
        }
        let command = try string("command").flatMap { $0.isEmpty ? nil : $0 }
        self.init(source: source, destination: destination, command: command)
        if let timeout = try string("command_timeout") { commandTimeout = try duration("command_timeout", timeout) }
        if let perms = try string("perms") {
            guard let bits = TemplatePermissions.parse(perms) else {
                throw DecodingError.dataCorruptedError(
                    forKey: Key(stringValue: "perms"), in: container,
                    debugDescription: "expected octal permission bits such as \"0644\", found \"\(perms)\"")
            }
            permissions = bits
        }
        if let waitText = try? container.decodeIfPresent(String.self, forKey: Key(stringValue: "wait")) {
            let parts = waitText.split(separator: ":", maxSplits: 1).map(String.init)
            let minimum = try duration("wait", parts.first ?? "")
            let maximum = parts.count == 2 ? try duration("wait", parts[1]) : minimum * 4
            wait = TemplateWait(minimum: minimum, maximum: maximum)
        } else if container.contains(Key(stringValue: "wait")) {
            let waitContainer = try container.nestedContainer(keyedBy: Key.self, forKey: Key(stringValue: "wait"))
            for key in waitContainer.allKeys where key.stringValue != "min" && key.stringValue != "max" {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: waitContainer,
                    debugDescription: "unknown key \"\(key.stringValue)\"; expected min, max")
            }
            let minimum = try waitContainer.decodeIfPresent(String.self, forKey: Key(stringValue: "min"))
                .map { try duration("wait", $0) } ?? .zero
            let maximum = try waitContainer.decodeIfPresent(String.self, forKey: Key(stringValue: "max"))
                .map { try duration("wait", $0) } ?? minimum * 4
            wait = TemplateWait(minimum: minimum, maximum: maximum)
        }
        leftDelimiter = try string("left_delimiter") ?? leftDelimiter
        rightDelimiter = try string("right_delimiter") ?? rightDelimiter
        errorOnMissingKey =
            try container.decodeIfPresent(Bool.self, forKey: Key(stringValue: "error_on_missing_key")) ?? false
    }
}

/// Octal permission bits as written in a configuration: `"0644"`, `"644"`, `"0o600"`.
public enum TemplatePermissions {
    /// The bits, or `nil` when `text` is not octal or sets more than the permission and special bits.
    public static func parse(_ text: String) -> UInt32? {
        var digits = Substring(text)
        if digits.hasPrefix("0o") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, let bits = UInt32(digits, radix: 8), bits <= 0o7777 else { return nil }
        return bits
    }
}
