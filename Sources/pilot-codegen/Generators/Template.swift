/// Filling in a template's `{{NAME}}` placeholders.
enum Template {
    /// `template` with each `{{NAME}}` replaced by `values[NAME]`, ending with one newline.
    ///
    /// Every placeholder must have a value: a template and its generator are written together, so a
    /// missing one is a programming error, caught by the tests that compare output with `clients/`.
    static func render(_ template: String, _ values: [String: String]) -> String {
        var result = ""
        var rest = template[...]
        while let open = rest.firstRange(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                preconditionFailure("unclosed placeholder in a template")
            }
            let name = String(rest[open.upperBound..<close.lowerBound])
            guard let value = values[name] else { preconditionFailure("no value for placeholder {{\(name)}}") }
            result += value
            rest = rest[close.upperBound...]
        }
        result += rest
        return result.hasSuffix("\n") ? result : result + "\n"
    }
}
