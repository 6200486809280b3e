import DiscoveryModel

/// The members of one JSON object matched to the keys ContainerPilot knows at that place.
///
/// ContainerPilot decodes its sections with mapstructure and `ErrorUnused`: a key it does not know is an
/// error, and a key that differs from a known one only in letter case (`Name` for `name`) is taken as that
/// key. Its top-level keys are looked up exactly, so there the case must match. A key given twice keeps the
/// later value, as a JSON object decoded into a map does; a warning says so.
struct ObjectReader {
    /// The object itself, for messages about a missing key.
    let object: LocatedValue
    /// The members by the known key they matched.
    private var members: [String: LocatedValue] = [:]

    /// Matches the members of `value` to `knownKeys`.
    ///
    /// - Parameter caseSensitive: whether a key must match exactly (ContainerPilot's top level).
    /// - Throws: ``ContainerPilotConfigurationError`` when `value` is not an object or has an unknown key.
    init(
        _ value: LocatedValue, knownKeys: [String], caseSensitive: Bool = false, context: DecodingContext
    ) throws(ContainerPilotConfigurationError) {
        object = value
        guard case .object(let list) = value.value else {
            throw context.error(.wrongType, value, "expected an object, found \(value.value.kindDescription)")
        }
        for member in list {
            let located = LocatedValue(
                node: member.value, keyOffset: member.keyOffset, path: value.path.appending(member.key))
            let known =
                knownKeys.first { $0 == member.key }
                ?? (caseSensitive ? nil : knownKeys.first { $0.lowercased() == member.key.lowercased() })
            guard let key = known else {
                throw context.error(
                    .unknownKey, located, atKey: true, Self.unknownKeyMessage(member.key, knownKeys: knownKeys))
            }
            if let earlier = members[key] {
                let line = context.source.location(ofOffset: earlier.keyOffset ?? earlier.node.offset).line
                guard earlier.path.lastKey == member.key else {
                    // ContainerPilot's decoder takes one spelling for the key and refuses the other as unused.
                    throw context.error(
                        .conflict, located, atKey: true,
                        "\"\(member.key)\" repeats the key on line \(line) in another letter case")
                }
                context.warn(
                    located, atKey: true, "\"\(key)\" is given twice; this value replaces the one on line \(line)")
            }
            members[key] = located
        }
    }

    /// The value of `key`; `nil` when it is absent or `null`, which ContainerPilot does not tell apart.
    func value(_ key: String) -> LocatedValue? {
        guard let value = members[key], !value.isNull else { return nil }
        return value
    }

    /// The message for an unknown key, naming the nearest known key when one is close, and else all of them.
    static func unknownKeyMessage(_ key: String, knownKeys: [String]) -> String {
        if let nearest = NearestName.suggestion(for: key, among: knownKeys) {
            return "unknown key \"\(key)\"; did you mean \"\(nearest)\"?"
        }
        return "unknown key \"\(key)\"; expected one of " + knownKeys.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}
