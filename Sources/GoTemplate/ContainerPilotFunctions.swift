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
            "split": TemplateHelperFunctions.split,
            "join": TemplateHelperFunctions.join,
            "replaceAll": TemplateHelperFunctions.replaceAll,
            "regexReplaceAll": TemplateHelperFunctions.regexReplaceAll,
            "loop": { arguments throws(TemplateFunctionError) in
                try TemplateHelperFunctions.loop(arguments, countsDown: true)
            },
        ]
    }

    static func defaultValue(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        try TemplateFunctionError.requireCount(arguments, 2)
        if case .string(let text) = arguments[1], !text.isEmpty { return .string(text) }
        if case .string = arguments[0] { return arguments[0] }
        return .string(arguments[0].formatted)
    }

    /// The most numbers one `loop` makes (the shared ``TemplateHelperFunctions/maximumLoopCount``).
    public static let maximumLoopCount = TemplateHelperFunctions.maximumLoopCount
}
