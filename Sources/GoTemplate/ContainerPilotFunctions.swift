/// The functions ContainerPilot 3 adds to Go's templates when it renders `config.json5`, with its argument
/// orders (the piped value last) and its behaviour:
///
/// - `default DEFAULT VALUE`: VALUE if it is a non-empty string, else DEFAULT (printed as `%v` if not a string);
/// - `env NAME`: the environment variable NAME, or "";
/// - `split SEP TEXT`: TEXT trimmed of white space and cut at each SEP; an empty TEXT gives an empty list;
/// - `join SEP LIST`: the strings of LIST joined with SEP;
/// - `replaceAll FROM TO TEXT`: every FROM in TEXT replaced by TO;
/// - `regexReplaceAll PATTERN TO TEXT`: every match replaced by TO, where `$1`, `${name}` expand to groups;
/// - `loop STOP`, `loop START STOP`: the integers from START (default 0) towards STOP, STOP excluded, counting
///   down when STOP < START; each argument an integer or a string of one (`loop .COUNT`).
public enum ContainerPilotFunctions {
    /// The function set, with `env` reading `environment` (the agent passes its own process environment).
    public static func functions(environment: [String: String]) -> [String: TemplateFunction] {
        [
            "default": defaultValue,
            "env": { arguments throws(TemplateFunctionError) in
                try TemplateFunctionError.requireCount(arguments, 1)
                return .string(environment[try TemplateFunctionError.string(arguments, 0)] ?? "")
            },
            "split": split,
            "join": join,
            "replaceAll": replaceAll,
            "regexReplaceAll": regexReplaceAll,
            "loop": loop,
        ]
    }

    static func defaultValue(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        try TemplateFunctionError.requireCount(arguments, 2)
        if case .string(let text) = arguments[1], !text.isEmpty { return .string(text) }
        if case .string = arguments[0] { return arguments[0] }
        return .string(arguments[0].formatted)
    }

    static func split(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        try TemplateFunctionError.requireCount(arguments, 2)
        let separator = try TemplateFunctionError.string(arguments, 0)
        let text = GoStrings.trimSpace(try TemplateFunctionError.string(arguments, 1))
        if text.isEmpty { return .array([]) }
        return .array(GoStrings.split(text, separator: separator).map { .string($0) })
    }

    static func join(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        try TemplateFunctionError.requireCount(arguments, 2)
        let separator = try TemplateFunctionError.string(arguments, 0)
        guard case .array(let elements) = arguments[1] else {
            throw TemplateFunctionError(.argumentType(position: 2, expected: "[]string", got: arguments[1].typeName))
        }
        var parts: [String] = []
        for element in elements {
            guard case .string(let text) = element else {
                throw TemplateFunctionError(
                    .argumentType(position: 2, expected: "[]string", got: "[]\(element.typeName)"))
            }
            parts.append(text)
        }
        return .string(parts.joined(separator: separator))
    }

    static func replaceAll(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        try TemplateFunctionError.requireCount(arguments, 3)
        let from = try TemplateFunctionError.string(arguments, 0)
        let to = try TemplateFunctionError.string(arguments, 1)
        let text = try TemplateFunctionError.string(arguments, 2)
        return .string(GoStrings.replaceAll(text, from, with: to))
    }

    static func regexReplaceAll(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        try TemplateFunctionError.requireCount(arguments, 3)
        let pattern = try TemplateFunctionError.string(arguments, 0)
        let replacement = try TemplateFunctionError.string(arguments, 1)
        let text = try TemplateFunctionError.string(arguments, 2)
        return .string(try RegexReplacement.replaceAll(in: text, pattern: pattern, template: replacement))
    }

    static func loop(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        let start: Int
        let stop: Int
        switch arguments.count {
        case 1:
            start = 0
            stop = try loopBound(arguments, 0)
        case 2:
            start = try loopBound(arguments, 0)
            stop = try loopBound(arguments, 1)
        default:
            throw TemplateFunctionError(.argumentCount(expected: "1 or 2", got: arguments.count))
        }
        // A configuration loops over a handful of ports or instances; a typo'd bound of a hundred million would
        // take gigabytes and many seconds before the file even parses.
        let count = start.distance(to: stop).magnitude
        guard count <= maximumLoopCount else {
            throw TemplateFunctionError(.failed("loop of \(count) numbers: at most \(maximumLoopCount)"))
        }
        if stop < start {
            return .array(stride(from: start, to: stop, by: -1).map { .integer($0) })
        }
        return .array((start..<stop).map { .integer($0) })
    }

    /// The most numbers one `loop` makes.
    public static let maximumLoopCount: UInt = 1_000_000

    /// ContainerPilot's `ensureInt`: an integer, or a string Go's `strconv.Atoi` reads.
    private static func loopBound(_ arguments: [TemplateValue], _ index: Int) throws(TemplateFunctionError) -> Int {
        switch arguments[index] {
        case .integer(let number):
            return number
        case .string(let text):
            guard let number = Int(text) else {
                let quoted = GoFormatter.quote(text, asciiOnly: false)
                throw TemplateFunctionError(.failed("strconv.Atoi: parsing \(quoted): invalid syntax"))
            }
            return number
        default:
            throw TemplateFunctionError(
                .argumentType(position: index + 1, expected: "int or string", got: arguments[index].typeName))
        }
    }
}
