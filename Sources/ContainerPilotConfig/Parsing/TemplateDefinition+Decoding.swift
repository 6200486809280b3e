public import DiscoveryModel
public import JSONValues

extension TemplateDefinition {
    /// Reads one element of `templates`, pilot's extension to ContainerPilot's keys (ContainerPilot ran
    /// consul-template beside itself for this): `"SOURCE:DESTINATION[:COMMAND]"` or an object with
    /// consul-template's keys.
    static func decode(_ value: LocatedValue, context: DecodingContext) throws(ContainerPilotConfigurationError)
        -> TemplateDefinition
    {
        if case .string(let text) = value.value {
            do {
                return try TemplateDefinition(specification: text)
            } catch {
                throw context.error(.invalidValue, value, error.reason)
            }
        }
        let fields = try ObjectReader(value, knownKeys: keys, caseSensitive: true, context: context)
        guard let source = try fields.nonEmptyString("source", context: context) else {
            throw fields.missing("a template needs \"source\", the template file", context: context)
        }
        guard let destination = try fields.nonEmptyString("destination", context: context) else {
            throw fields.missing("a template needs \"destination\", the file to write", context: context)
        }
        var definition = TemplateDefinition(
            source: source.text, destination: destination.text,
            command: try fields.nonEmptyString("command", context: context)?.text)
        if let timeout = fields.value("command_timeout") { definition.commandTimeout = try context.duration(timeout) }
        if let perms = fields.value("perms") {
            let text = try context.string(perms)
            guard let bits = TemplatePermissions.parse(text) else {
                throw context.error(
                    .invalidValue, perms, "expected octal permission bits such as \"0644\", found \"\(text)\"")
            }
            definition.permissions = bits
        }
        if let wait = fields.value("wait") {
            definition.wait = try decodeWait(wait, context: context)
        }
        if let left = fields.value("left_delimiter") { definition.leftDelimiter = try context.string(left) }
        if let right = fields.value("right_delimiter") { definition.rightDelimiter = try context.string(right) }
        definition.errorOnMissingKey = try fields.boolean("error_on_missing_key", context: context)
        return definition
    }

    /// `wait`: `"MIN[:MAX]"` or `{min, max}`; without a maximum it is 4 × the minimum, as in consul-template.
    private static func decodeWait(_ value: LocatedValue, context: DecodingContext)
        throws(ContainerPilotConfigurationError) -> TemplateWait
    {
        if case .string(let text) = value.value, text.contains(":") {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            func part(_ text: String) -> LocatedValue {
                var located = value
                located.node = JSONNode(offset: value.node.offset, value: .string(text))
                return located
            }
            let minimum = try context.duration(part(parts[0]))
            let maximum = try context.duration(part(parts[1]))
            return TemplateWait(minimum: minimum, maximum: maximum)
        }
        if case .object = value.value {
            let fields = try ObjectReader(value, knownKeys: ["min", "max"], caseSensitive: true, context: context)
            let minimum = try fields.value("min").map { value throws(ContainerPilotConfigurationError) in
                try context.duration(value)
            } ?? .zero
            let maximum = try fields.value("max").map { value throws(ContainerPilotConfigurationError) in
                try context.duration(value)
            } ?? minimum * 4
            return TemplateWait(minimum: minimum, maximum: maximum)
        }
        let minimum = try context.duration(value)
        return TemplateWait(minimum: minimum, maximum: minimum * 4)
    }
}

extension TemplateDefinition {
    /// Reads a `templates` list (the member `member` of a JSON5 document scanned from `source`), for pilot's own
    /// configuration file: the same keys and errors as in a ContainerPilot configuration, placed at their line
    /// and column.
    ///
    /// - Throws: ``ContainerPilotConfigurationError`` with the place, the key path and what is wrong.
    public static func decodeList(_ member: JSONMember, source: SourceText)
        throws(ContainerPilotConfigurationError) -> [TemplateDefinition]
    {
        let context = DecodingContext(source: source)
        let list = LocatedValue(node: member.value, keyOffset: member.keyOffset, path: KeyPath.root.appending(member.key))
        guard case .array(let nodes) = list.value else {
            throw context.error(.wrongType, list, "expected an array, found \(list.value.kindDescription)")
        }
        var definitions: [TemplateDefinition] = []
        for (index, node) in nodes.enumerated() {
            if case .null = node.value { continue }
            let element = LocatedValue(node: node, path: list.path.appending(index: index))
            definitions.append(try decode(element, context: context))
        }
        return definitions
    }
}
