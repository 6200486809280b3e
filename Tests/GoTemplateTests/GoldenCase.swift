import GoTemplate
import Testing

/// A template, the options it is parsed with, and the output Go 1.19's text/template gave for it with
/// ``GoldenData/value`` as data (the expectations were produced by running Go, not written by hand).
struct GoldenCase: Sendable, CustomTestStringConvertible {
    var template: String
    var expected: String
    var leftDelimiter = ""
    var rightDelimiter = ""

    init(_ template: String, _ expected: String, delimiters: (String, String) = ("", "")) {
        self.template = template
        self.expected = expected
        self.leftDelimiter = delimiters.0
        self.rightDelimiter = delimiters.1
    }

    var testDescription: String { template }

    func render() throws -> String {
        let options = TemplateOptions(leftDelimiter: leftDelimiter, rightDelimiter: rightDelimiter)
        return try Template(name: "t", source: template, options: options).render(GoldenData.value)
    }
}

/// The data every golden case renders with; the Go program that produced the expectations used the same map.
enum GoldenData {
    static let value: TemplateValue = [
        "Name": "pilot", "Count": 3, "Zero": 0, "Pi": 3.5, "Empty": "", "True": true, "False": false,
        "List": ["a", "b", "c"], "Nums": [1, 2, 3], "EmptyList": [], "Map": ["b": 2, "a": 1],
        "Nested": ["Inner": ["Value": "deep"]], "EmptyMap": [:],
        "Floats": [1.5, 2.25], "Mixed": ["x", 1, true],
    ]
}

/// Renders `source` with `data`, for the hand-written tests.
func render(
    _ source: String, _ data: TemplateValue = GoldenData.value, options: TemplateOptions = TemplateOptions(),
    functions: [String: TemplateFunction] = [:]
) throws -> String {
    try Template(name: "t", source: source, options: options, functions: functions).render(data)
}

/// The error rendering `source` throws, or nil if it renders.
func renderError(
    _ source: String, _ data: TemplateValue = GoldenData.value, options: TemplateOptions = TemplateOptions(),
    functions: [String: TemplateFunction] = [:], name: String = "t"
) -> TemplateError? {
    do {
        _ = try Template(name: name, source: source, options: options, functions: functions).render(data)
        return nil
    } catch {
        return error
    }
}
