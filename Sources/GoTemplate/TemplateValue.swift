/// A value a template reads, computes or prints: the dynamic values of Go's `text/template` reduced to the kinds
/// ContainerPilot configurations and consul-template files use.
///
/// `nil` stands for both Go's nil and Go's "no value" (a missing map key): text/template treats them alike except
/// when printing, where an action that yields nothing prints `<no value>`.
public enum TemplateValue: Sendable, Hashable {
    /// A string; Go's strings are bytes, these are Unicode text (lengths and slices count UTF-8 bytes).
    case string(String)
    /// Go's `int` (64 bits here).
    case integer(Int)
    /// Go's `float64`.
    case double(Double)
    /// A boolean.
    case bool(Bool)
    /// A slice; printed as `[a b]`.
    case array([TemplateValue])
    /// A map with string keys; a range over it visits the keys in sorted order, as Go does.
    case map([String: TemplateValue])
    /// Go's nil, and the value of a missing map key.
    case `nil`

    /// Go's truth of a value for `if`, `with`, `and`, `or` and `not`: false, 0, "", nil and empty collections
    /// are false; everything else is true.
    public var isTrue: Bool {
        switch self {
        case .string(let text): !text.isEmpty
        case .integer(let number): number != 0
        case .double(let number): number != 0
        case .bool(let flag): flag
        case .array(let elements): !elements.isEmpty
        case .map(let entries): !entries.isEmpty
        case .nil: false
        }
    }

    /// The name of the value's kind as Go would print its type, for error messages and `printf`'s bad-verb
    /// notation (`%!d(string=x)`).
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "int"
        case .double: "float64"
        case .bool: "bool"
        case .array: "[]interface {}"
        case .map: "map[string]interface {}"
        case .nil: "nil"
        }
    }

    /// The value as Go's `fmt` prints it with `%v`: `map[a:1 b:2]`, `[a b]`, `<nil>`, floats in their shortest
    /// form (`1e+06`, `0.1`).
    public var formatted: String {
        var output = ""
        GoFormatter.appendDefault(self, to: &output)
        return output
    }

    /// The text of a string value; nil for every other kind. Host functions use it to read string arguments.
    public var stringValue: String? {
        if case .string(let text) = self { text } else { nil }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    /// A string value from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer value from a literal.
    public init(integerLiteral value: Int) { self = .integer(value) }
    /// A float value from a literal.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A boolean value from a literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An array value from a literal.
    public init(arrayLiteral elements: TemplateValue...) { self = .array(elements) }
    /// A map value from a literal; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    /// The nil value from `nil`.
    public init(nilLiteral: ()) { self = .nil }
}

extension TemplateValue {
    /// A map of strings, such as an environment, as a template value.
    public init(strings: [String: String]) {
        self = .map(strings.mapValues { .string($0) })
    }
}

extension Dictionary where Key == String {
    /// The keys in Go's order for maps (`range`, `%v`): by their UTF-8 bytes.
    var sortedKeys: [String] {
        keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
