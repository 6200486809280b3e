import GoTemplate

/// consul-template's helpers over lists and maps: grouping (`byTag`, `byKey`), membership (`in`, `contains`,
/// `containsAll`, `containsAny`, `containsNone`, `containsNotAll`) and nesting (`explode`).
enum CollectionFunctions {
    /// The functions by name.
    static let functions: [String: TemplateFunction] = [
        "byTag": byTag,
        "byKey": byKey,
        "in": { arguments in
            try TemplateFunctionError.requireCount(arguments, 2)
            return .bool(contains(arguments[1], in: arguments[0]))
        },
        // `contains` is `in` with its arguments swapped, to be the end of a pipe: `{{ .Tags | contains "x" }}`.
        "contains": { arguments in
            try TemplateFunctionError.requireCount(arguments, 2)
            return .bool(contains(arguments[0], in: arguments[1]))
        },
        "containsAll": containsSome(stopWhenFound: false, resultWhenStopped: false),
        "containsAny": containsSome(stopWhenFound: true, resultWhenStopped: true),
        "containsNone": containsSome(stopWhenFound: true, resultWhenStopped: false),
        "containsNotAll": containsSome(stopWhenFound: false, resultWhenStopped: true),
        "explode": explode,
    ]

    /// Whether `list` holds `value` (an integer equal to an integer, a float to a float, a string to a string), or,
    /// when `list` is a string, whether it contains the string `value`; false for anything else, as Go's `in`.
    static func contains(_ value: TemplateValue, in list: TemplateValue) -> Bool {
        switch (list, value) {
        case (.array(let elements), _):
            return elements.contains { element in
                switch (element, value) {
                case (.integer(let left), .integer(let right)): left == right
                case (.double(let left), .double(let right)): left == right
                case (.string(let left), .string(let right)): left.utf8.elementsEqual(right.utf8)
                default: false
                }
            }
        case (.string(let text), .string(let part)):
            return part.isEmpty || Array(text.utf8).firstRange(of: Array(part.utf8)) != nil
        default:
            return false
        }
    }

    /// `containsAll VALUES LIST` and its kin: walks VALUES and stops at the first whose presence in LIST is
    /// `stopWhenFound`, answering `resultWhenStopped`; the opposite when none stops it.
    private static func containsSome(stopWhenFound: Bool, resultWhenStopped: Bool) -> TemplateFunction {
        { arguments in
            try TemplateFunctionError.requireCount(arguments, 2)
            guard case .array(let values) = arguments[0] else {
                throw TemplateFunctionError(
                    .argumentType(position: 1, expected: "[]interface {}", got: arguments[0].typeName))
            }
            for value in values where contains(value, in: arguments[1]) == stopWhenFound {
                return .bool(resultWhenStopped)
            }
            return .bool(!resultWhenStopped)
        }
    }

    /// `byTag SERVICES`: the services (of `service` or `services`) grouped by each of their tags, in their order;
    /// a range over the map visits the tags sorted.
    static func byTag(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        try TemplateFunctionError.requireCount(arguments, 1)
        var groups: [String: [TemplateValue]] = [:]
        switch arguments[0] {
        case .nil:
            break
        case .array(let services):
            for service in services {
                guard case .map(let fields) = service, case .array(let tags)? = fields["Tags"] else {
                    throw TemplateFunctionError(
                        .argumentType(position: 1, expected: "a list of services", got: "[]\(service.typeName)"))
                }
                for case .string(let tag) in tags { groups[tag, default: []].append(service) }
            }
        default:
            throw TemplateFunctionError(
                .argumentType(position: 1, expected: "a list of services", got: arguments[0].typeName))
        }
        return .map(groups.mapValues { .array($0) })
    }

    /// `byKey PAIRS`: the pairs of `tree` grouped by the first segment of their `.Key`, each keyed by the rest
    /// (which becomes its `.Key`); pairs with nothing after the first segment are left out.
    static func byKey(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        try TemplateFunctionError.requireCount(arguments, 1)
        var groups: [String: [String: TemplateValue]] = [:]
        for pair in try keyPairs(arguments[0], function: "byKey") {
            guard case .map(var fields) = pair, let key = pair.field("Key") else { continue }
            let parts = key.split(separator: "/", omittingEmptySubsequences: false)
            let top = String(parts[0])
            let rest = parts.dropFirst().joined(separator: "/")
            guard !rest.isEmpty else { continue }
            fields["Key"] = .string(rest)
            groups[top, default: [:]][rest] = .map(fields)
        }
        return .map(groups.mapValues { .map($0) })
    }

    /// `explode PAIRS`: the pairs of `tree` as nested maps, one level per `/` of their `.Key`, the values at the
    /// leaves (`a/b = 1` gives `map[a:map[b:1]]`).
    ///
    /// - Throws: when a key needs a map where another key put a value (`a = 1` and `a/b = 2`).
    static func explode(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        try TemplateFunctionError.requireCount(arguments, 1)
        var root: [String: TemplateValue] = [:]
        for pair in try keyPairs(arguments[0], function: "explode") {
            guard let key = pair.field("Key") else { continue }
            let value: TemplateValue = if case .map(let fields) = pair { fields["Value"] ?? .nil } else { .nil }
            try insert(value, at: key.split(separator: "/", omittingEmptySubsequences: false)[...], into: &root,
                       whole: key)
        }
        return .map(root)
    }

    private static func insert(
        _ value: TemplateValue, at path: ArraySlice<Substring>, into map: inout [String: TemplateValue],
        whole: String
    ) throws(TemplateFunctionError) {
        guard let first = path.first else { return }
        let top = String(first)
        if path.count == 1 {
            if !top.isEmpty { map[top] = value }
            return
        }
        var nested: [String: TemplateValue]
        switch map[top] {
        case nil:
            nested = [:]
        case .map(let existing)?:
            nested = existing
        case let other?:
            throw TemplateFunctionError(.failed(
                "not a map: \(TemplateHelperFunctions.quoted(whole)): \(TemplateHelperFunctions.quoted(top)) "
                    + "already has value \(TemplateHelperFunctions.quoted(other.formatted))"))
        }
        try insert(value, at: path.dropFirst(), into: &nested, whole: whole)
        map[top] = .map(nested)
    }

    private static func keyPairs(_ value: TemplateValue, function: String) throws(TemplateFunctionError)
        -> [TemplateValue]
    {
        switch value {
        case .nil: return []
        case .array(let pairs): return pairs
        default:
            throw TemplateFunctionError(
                .argumentType(position: 1, expected: "a list of key pairs", got: value.typeName))
        }
    }
}
