/// Host functions that ContainerPilot's and consul-template's dialects both define with the same behaviour, so
/// each dialect registers these instead of writing them again. Each takes the call's arguments in Go's order (the
/// piped value last) and throws ``TemplateFunctionError`` for a wrong argument, which the renderer locates.
///
/// Their byte-level behaviour is Go's (`strings.Split`, `strings.TrimSpace`, `regexp.ReplaceAllString`), not
/// Swift's grapheme-cluster view, so a file renders to the same bytes as under the Go tools these replace.
public enum TemplateHelperFunctions {
    /// `split SEP TEXT`: TEXT trimmed of white space and cut at each SEP; an empty TEXT gives an empty list.
    public static func split(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        try TemplateFunctionError.requireCount(arguments, 2)
        let separator = try TemplateFunctionError.string(arguments, 0)
        let text = GoStrings.trimSpace(try TemplateFunctionError.string(arguments, 1))
        if text.isEmpty { return .array([]) }
        return .array(GoStrings.split(text, separator: separator).map { .string($0) })
    }

    /// `join SEP LIST`: the strings of LIST joined with SEP (a list holding anything but strings is an error,
    /// as Go's `[]string` parameter makes it).
    public static func join(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
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

    /// `replaceAll FROM TO TEXT`: every FROM in TEXT replaced by TO.
    public static func replaceAll(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        try TemplateFunctionError.requireCount(arguments, 3)
        let from = try TemplateFunctionError.string(arguments, 0)
        let to = try TemplateFunctionError.string(arguments, 1)
        let text = try TemplateFunctionError.string(arguments, 2)
        return .string(GoStrings.replaceAll(text, from, with: to))
    }

    /// `regexReplaceAll PATTERN TO TEXT`: every match replaced by TO, where `$1`, `${name}` expand to groups.
    public static func regexReplaceAll(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue
    {
        try TemplateFunctionError.requireCount(arguments, 3)
        let pattern = try TemplateFunctionError.string(arguments, 0)
        let replacement = try TemplateFunctionError.string(arguments, 1)
        let text = try TemplateFunctionError.string(arguments, 2)
        return .string(try RegexReplacement.replaceAll(in: text, pattern: pattern, template: replacement))
    }

    /// `regexMatch PATTERN TEXT`: whether PATTERN matches anywhere in TEXT (Go's `MatchString`, unanchored).
    public static func regexMatch(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        try TemplateFunctionError.requireCount(arguments, 2)
        let pattern = try TemplateFunctionError.string(arguments, 0)
        let text = try TemplateFunctionError.string(arguments, 1)
        return .bool(text.contains(try RegexReplacement.compile(pattern)))
    }

    /// `trimSpace TEXT`: TEXT without leading and trailing white space (Go's `strings.TrimSpace`).
    public static func trimSpace(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        try TemplateFunctionError.requireCount(arguments, 1)
        return .string(GoStrings.trimSpace(try TemplateFunctionError.string(arguments, 0)))
    }

    /// `loop STOP`, `loop START STOP`: the integers from START (default 0) towards STOP, STOP excluded; each
    /// argument an integer or a string of one. ContainerPilot counts down when STOP < START (`countsDown`);
    /// consul-template then yields nothing.
    ///
    /// - Throws: for more than ``maximumLoopCount`` numbers, a bound that is not an integer, or a wrong count.
    public static func loop(_ arguments: [TemplateValue], countsDown: Bool) throws(TemplateFunctionError)
        -> TemplateValue
    {
        let start: Int
        let stop: Int
        switch arguments.count {
        case 1:
            start = 0
            stop = try integer(arguments, 0)
        case 2:
            start = try integer(arguments, 0)
            stop = try integer(arguments, 1)
        default:
            throw TemplateFunctionError(.argumentCount(expected: "1 or 2", got: arguments.count))
        }
        if stop < start && !countsDown { return .array([]) }
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

    /// Argument `index` as an integer: an integer as is, or a string Go's `strconv.Atoi` reads (ContainerPilot's
    /// `ensureInt`, consul-template's `to64`), so that `loop .COUNT` works with a count from the environment.
    public static func integer(_ arguments: [TemplateValue], _ index: Int) throws(TemplateFunctionError) -> Int {
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

    /// `text` in Go's `%q` form (double quotes, Go's escapes), for messages that quote an argument as Go does.
    public static func quoted(_ text: String) -> String {
        GoFormatter.quote(text, asciiOnly: false)
    }

    /// The shortest decimal digits that read back as `value` (positive, finite, non-zero) and the position of the
    /// decimal point relative to them (0.d1d2… × 10^point): the base of Go's shortest float formats, for
    /// dialects that print floats in another layout (JSON).
    public static func shortestDigits(_ value: Double) -> (digits: String, point: Int) {
        let (digits, point) = GoFormatter.shortestDigits(value)
        return (String(decoding: digits, as: UTF8.self), point)
    }
}
