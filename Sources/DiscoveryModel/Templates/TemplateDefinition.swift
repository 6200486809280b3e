/// One file pilot renders from the registry with a consul-template template, as every front end configures it
/// (`--template`, `PILOT_TEMPLATES`, `templates` in pilot's file and in a ContainerPilot configuration), with
/// consul-template's keys and defaults.
public struct TemplateDefinition: Hashable, Sendable {
    /// The template file (`source`).
    public var source: String
    /// The file written (`destination`).
    public var destination: String
    /// A shell command run after each write that changed the file (`command`), with `sh -c`.
    public var command: String?
    /// The longest the command may run before it is killed (`command_timeout`, 30 s).
    public var commandTimeout: Duration
    /// The destination's permission bits (`perms`); without it a file already there keeps its mode, and a new
    /// one is 0644.
    public var permissions: UInt32?
    /// How long the registry must be quiet before a render (`wait.min`), and the longest a change waits
    /// (`wait.max`). A change after a calm period renders at once.
    public var wait: TemplateWait
    /// The delimiters (`left_delimiter`, `right_delimiter`).
    public var leftDelimiter: String
    /// The right delimiter.
    public var rightDelimiter: String
    /// Whether a missing map key fails the render (`error_on_missing_key`) instead of printing `<no value>`.
    public var errorOnMissingKey: Bool

    /// The keys of a template object in a configuration, consul-template's names.
    public static let keys = [
        "source", "destination", "command", "command_timeout", "perms", "wait", "left_delimiter", "right_delimiter",
        "error_on_missing_key",
    ]

    /// The default command timeout, consul-template's.
    public static let defaultCommandTimeout = Duration.seconds(30)

    /// A definition; the defaults are consul-template's, except `wait` (see ``TemplateWait/default``).
    public init(
        source: String, destination: String, command: String? = nil,
        commandTimeout: Duration = TemplateDefinition.defaultCommandTimeout, permissions: UInt32? = nil,
        wait: TemplateWait = .default, leftDelimiter: String = "{{", rightDelimiter: String = "}}",
        errorOnMissingKey: Bool = false
    ) {
        self.source = source
        self.destination = destination
        self.command = command
        self.commandTimeout = commandTimeout
        self.permissions = permissions
        self.wait = wait
        self.leftDelimiter = leftDelimiter
        self.rightDelimiter = rightDelimiter
        self.errorOnMissingKey = errorOnMissingKey
    }

    /// Reads consul-template's `-template` form, `SOURCE:DESTINATION[:COMMAND]`; everything after the second
    /// colon is the command (it may hold colons itself).
    ///
    /// - Throws: ``TemplateDefinitionError`` saying what is missing.
    public init(specification text: String) throws(TemplateDefinitionError) {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw TemplateDefinitionError(
                reason: "expected SOURCE:DESTINATION[:COMMAND], e.g. "
                    + "/etc/nginx/upstream.ctmpl:/etc/nginx/upstream.conf:nginx -s reload")
        }
        let command = parts.count == 3 ? parts[2] : ""
        self.init(source: parts[0], destination: parts[1], command: command.isEmpty ? nil : command)
    }

    /// Reads a list of `SOURCE:DESTINATION[:COMMAND]` separated by `;` or newlines (`PILOT_TEMPLATES`).
    public static func list(_ text: String) throws(TemplateDefinitionError) -> [TemplateDefinition] {
        var definitions: [TemplateDefinition] = []
        for entry in text.split(whereSeparator: { $0 == ";" || $0 == "\n" }) {
            let trimmed = entry.trimmingCharacters(in: " \t\r")
            if trimmed.isEmpty { continue }
            definitions.append(try TemplateDefinition(specification: trimmed))
        }
        return definitions
    }
}

/// consul-template's `wait`: the quiet period before a render and the longest delay.
public struct TemplateWait: Hashable, Sendable {
    /// The registry must be quiet this long before a render.
    public var minimum: Duration
    /// A change renders after this long at most, quiet or not.
    public var maximum: Duration

    /// A wait of `minimum` and `maximum` (`maximum` is at least `minimum`).
    public init(minimum: Duration, maximum: Duration) {
        self.minimum = minimum
        self.maximum = max(minimum, maximum)
    }

    /// pilot's default, as for `services.json`: an isolated change renders at once; a burst is merged until
    /// 50 ms without a change, or 1 s at most. (consul-template's default is no wait: one render per change.)
    public static let `default` = TemplateWait(minimum: .milliseconds(50), maximum: .seconds(1))
}

/// Why a template definition could not be read.
public struct TemplateDefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var reason: String

    /// An error for `reason`.
    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}

extension StringProtocol {
    /// Without the given characters at either end.
    fileprivate func trimmingCharacters(in characters: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice.removeFirst() }
        while let last = slice.last, characters.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
