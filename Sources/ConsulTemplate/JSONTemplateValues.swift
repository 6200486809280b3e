import GoTemplate
import JSONValues

/// `parseJSON`: JSON text as template values the way Go decodes into `interface{}`: objects as maps (a repeated
/// key keeps its last value), arrays, strings, booleans, null as nil, and every number as a float (Go's
/// `float64`, so `8080` prints as `8080` and `12345678` as `1.2345678e+07`, as under consul-template).
enum JSONTemplateValues {
    /// The value of `text`; an empty text is an empty map, as in consul-template.
    ///
    /// - Throws: when `text` is not JSON, with the byte offset of the first fault.
    static func parse(_ text: String) throws(TemplateFunctionError) -> TemplateValue {
        if text.isEmpty { return .map([:]) }
        do {
            return try value(of: JSON5Scanner.parse(Array(text.utf8), strictJSON: true))
        } catch {
            throw TemplateFunctionError(.failed("invalid JSON at byte \(error.offset): \(error.message)"))
        }
    }

    private static func value(of node: JSONNode) -> TemplateValue {
        switch node.value {
        case .object(let members):
            var map: [String: TemplateValue] = [:]
            for member in members { map[member.key] = value(of: member.value) }
            return .map(map)
        case .array(let elements):
            return .array(elements.map(value(of:)))
        case .string(let text):
            return .string(text)
        case .number(let text):
            return .double(Double(text) ?? .nan)
        case .bool(let flag):
            return .bool(flag)
        case .null:
            return .nil
        }
    }
}
