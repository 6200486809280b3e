internal import Glibc

/// The environment ContainerPilot renders its configuration with: `{{ .VAR }}` reads it, a missing variable is
/// "" (its environment is a `map[string]string` rendered with `missingkey=zero`).
public enum ContainerPilotEnvironment {
    /// The rendering options ContainerPilot uses: `{{ }}`, missing keys as "".
    public static let options = TemplateOptions(missingKey: .zero(.string("")))

    /// `KEY=VALUE` entries as a map. The value is everything after the first `=`, so `A=b=c` gives `b=c`
    /// (ContainerPilot cuts at the second `=` and keeps `b`: a bug not reproduced). An entry without `=` is a
    /// variable with an empty value; a repeated key keeps its last value.
    public static func parse(_ entries: [String]) -> [String: String] {
        var environment: [String: String] = [:]
        for entry in entries {
            if let separator = entry.utf8.firstIndex(of: UInt8(ascii: "=")) {
                environment[String(entry[..<separator])] = String(entry[entry.utf8.index(after: separator)...])
            } else {
                environment[entry] = ""
            }
        }
        return environment
    }

    /// This process's environment.
    public static func current() -> [String: String] {
        var entries: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            entries.append(String(cString: entry))
            pointer = pointer.advanced(by: 1)
        }
        return parse(entries)
    }

    /// Renders a ContainerPilot configuration template with `environment` as dot and as `env`'s source.
    ///
    /// - Throws: ``TemplateError`` naming `name`, the line and the column.
    public static func render(_ source: String, name: String, environment: [String: String]) throws(TemplateError)
        -> String
    {
        let template = try Template(
            name: name, source: source, options: options,
            functions: ContainerPilotFunctions.functions(environment: environment))
        return try template.render(TemplateValue(strings: environment))
    }
}
