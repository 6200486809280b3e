/// text/template's predefined functions, except `and` and `or`, which the renderer evaluates itself because they
/// stop evaluating their arguments once the result is known.
enum BuiltinFunctions {
    /// Every built-in name, `and` and `or` included, for the parser's "function not defined" check.
    static let names: Set<String> = [
        "and", "or", "not", "len", "index", "slice", "print", "printf", "println", "eq", "ne", "lt", "le", "gt",
        "ge", "html", "js", "urlquery",
    ]

    /// Calls built-in `name` (not `and`/`or`) with evaluated arguments.
    static func call(_ name: String, _ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        switch name {
        case "not":
            try TemplateFunctionError.requireCount(arguments, 1)
            return .bool(!arguments[0].isTrue)
        case "len":
            try TemplateFunctionError.requireCount(arguments, 1)
            return .integer(try length(arguments[0]))
        case "index":
            guard let item = arguments.first else {
                throw TemplateFunctionError(.argumentCount(expected: "at least 1", got: 0))
            }
            return try index(item, Array(arguments.dropFirst()))
        case "slice":
            guard let item = arguments.first else {
                throw TemplateFunctionError(.argumentCount(expected: "at least 1", got: 0))
            }
            return try slice(item, Array(arguments.dropFirst()))
        case "print": return .string(GoFormatter.sprint(arguments))
        case "println": return .string(GoFormatter.sprintln(arguments))
        case "printf":
            guard !arguments.isEmpty else {
                throw TemplateFunctionError(.argumentCount(expected: "at least 1", got: 0))
            }
            let format = try TemplateFunctionError.string(arguments, 0)
            return .string(GoFormatter.sprintf(format, Array(arguments.dropFirst())))
        case "eq":
            guard let first = arguments.first else {
                throw TemplateFunctionError(.argumentCount(expected: "at least 2", got: 0))
            }
            return .bool(try ValueComparison.equals(first, anyOf: Array(arguments.dropFirst())))
        case "ne":
            try TemplateFunctionError.requireCount(arguments, 2)
            return .bool(!(try ValueComparison.equals(arguments[0], anyOf: [arguments[1]])))
        case "lt":
            try TemplateFunctionError.requireCount(arguments, 2)
            return .bool(try ValueComparison.less(arguments[0], arguments[1]))
        case "le":
            try TemplateFunctionError.requireCount(arguments, 2)
            return .bool(try lessOrEqual(arguments[0], arguments[1]))
        case "gt":
            try TemplateFunctionError.requireCount(arguments, 2)
            return .bool(!(try lessOrEqual(arguments[0], arguments[1])))
        case "ge":
            try TemplateFunctionError.requireCount(arguments, 2)
            return .bool(!(try ValueComparison.less(arguments[0], arguments[1])))
        case "html": return .string(TextEscaping.html(escapable(arguments)))
        case "js": return .string(TextEscaping.javaScript(escapable(arguments)))
        case "urlquery": return .string(TextEscaping.urlQuery(escapable(arguments)))
        default:
            throw TemplateFunctionError(.failed("not a built-in function"))
        }
    }

    private static func lessOrEqual(_ left: TemplateValue, _ right: TemplateValue) throws(TemplateFunctionError)
        -> Bool
    {
        if try ValueComparison.less(left, right) { return true }
        return try ValueComparison.equals(left, anyOf: [right])
    }

    /// Go's escapers take one string as is, or print their arguments as `print` does, with nil as the text
    /// `<no value>`.
    private static func escapable(_ arguments: [TemplateValue]) -> String {
        if arguments.count == 1, case .string(let text) = arguments[0] { return text }
        return GoFormatter.sprint(arguments.map { value in
            if case .nil = value { .string("<no value>") } else { value }
        })
    }

    private static func length(_ value: TemplateValue) throws(TemplateFunctionError) -> Int {
        switch value {
        case .string(let text): return text.utf8.count
        case .array(let elements): return elements.count
        case .map(let entries): return entries.count
        case .nil: throw TemplateFunctionError(.failed("len of nil pointer"))
        default: throw TemplateFunctionError(.failed("len of type \(value.typeName)"))
        }
    }

    private static func integerIndex(_ value: TemplateValue) throws(TemplateFunctionError) -> Int {
        switch value {
        case .integer(let number): return number
        case .nil: throw TemplateFunctionError(.failed("cannot index slice/array with nil"))
        default: throw TemplateFunctionError(.failed("cannot index slice/array with type \(value.typeName)"))
        }
    }

    /// `index x 1 2`: `x[1][2]`; a missing map key gives nil, an index outside an array is an error.
    private static func index(_ item: TemplateValue, _ indexes: [TemplateValue]) throws(TemplateFunctionError)
        -> TemplateValue
    {
        if case .nil = item { throw TemplateFunctionError(.failed("index of untyped nil")) }
        var current = item
        for key in indexes {
            switch current {
            case .array(let elements):
                let position = try integerIndex(key)
                guard position >= 0, position < elements.count else {
                    throw TemplateFunctionError(.failed("index out of range: \(position)"))
                }
                current = elements[position]
            case .string(let text):
                let bytes = text.utf8
                let position = try integerIndex(key)
                guard position >= 0, position < bytes.count else {
                    throw TemplateFunctionError(.failed("index out of range: \(position)"))
                }
                current = .integer(Int(bytes[bytes.index(bytes.startIndex, offsetBy: position)]))
            case .map(let entries):
                guard case .string(let name) = key else {
                    throw TemplateFunctionError(.failed("value has type \(key.typeName); should be string"))
                }
                current = entries[name] ?? .nil
            case .nil:
                throw TemplateFunctionError(.failed("index of untyped nil"))
            default:
                throw TemplateFunctionError(.failed("can't index item of type \(current.typeName)"))
            }
        }
        return current
    }

    /// `slice x 1 2`: `x[1:2]` of a string (in bytes) or an array.
    private static func slice(_ item: TemplateValue, _ indexes: [TemplateValue]) throws(TemplateFunctionError)
        -> TemplateValue
    {
        let count: Int
        switch item {
        case .string(let text):
            guard indexes.count <= 2 else { throw TemplateFunctionError(.failed("cannot 3-index slice a string")) }
            count = text.utf8.count
        case .array(let elements):
            guard indexes.count <= 3 else {
                throw TemplateFunctionError(.argumentCount(expected: "at most 4", got: indexes.count + 1))
            }
            count = elements.count
        case .nil:
            throw TemplateFunctionError(.failed("slice of untyped nil"))
        default:
            throw TemplateFunctionError(.failed("can't slice item of type \(item.typeName)"))
        }
        var bounds = [0, count, count]
        for (position, index) in indexes.enumerated() {
            let value = try integerIndex(index)
            guard value >= 0, value <= count else {
                throw TemplateFunctionError(.failed("index out of range: \(value)"))
            }
            bounds[position] = value
        }
        if indexes.count < 2 { bounds[1] = count }
        guard bounds[0] <= bounds[1] else {
            throw TemplateFunctionError(.failed("invalid slice index: \(bounds[0]) > \(bounds[1])"))
        }
        if indexes.count == 3, bounds[1] > bounds[2] {
            throw TemplateFunctionError(.failed("invalid slice index: \(bounds[1]) > \(bounds[2])"))
        }
        switch item {
        case .string(let text):
            return .string(String(decoding: Array(text.utf8)[bounds[0]..<bounds[1]], as: UTF8.self))
        case .array(let elements):
            return .array(Array(elements[bounds[0]..<bounds[1]]))
        default:
            return .nil
        }
    }
}
