import DiscoveryModel
public import GoTemplate

/// A ContainerPilot configuration file as ContainerPilot loads it: read, rendered through its template syntax
/// with the environment as `.` (`{{ .VAR }}`, `default`, `env`, `split`, ...), then parsed and validated.
public enum ContainerPilotConfigFile {
    /// The file a command line names: `-config PATH`, else the `CONTAINERPILOT` variable; a `file://` prefix is
    /// accepted, as ContainerPilot accepts it. Nil when neither names one.
    public static func path(flag: String?, environment: [String: String]) -> String? {
        guard let given = flag.flatMap({ $0.isEmpty ? nil : $0 }) ?? environment["CONTAINERPILOT"],
            !given.isEmpty
        else { return nil }
        return given.hasPrefix("file://") ? String(given.dropFirst("file://".count)) : given
    }

    /// The top-level keys only a ContainerPilot configuration has (pilot's own configuration file has none of them).
    public static let distinctiveKeys: Set<String> = ["consul", "jobs", "watches", "telemetry", "control", "logging"]

    /// Whether the file at `path`, rendered, is a ContainerPilot configuration rather than a pilot one: its
    /// top-level object has one of ContainerPilot's keys (``distinctiveKeys``). A file that cannot be read,
    /// rendered or scanned is not recognised; reading it as pilot's own then reports its error.
    public static func isContainerPilotConfiguration(path: String, environment: [String: String]) -> Bool {
        guard let rendered = try? render(path: path, environment: environment),
            let root = try? SourceText(path: path, bytes: Array(rendered.text.utf8)).parseJSON5(),
            case .object(let members) = root.value
        else { return false }
        return members.contains { distinctiveKeys.contains($0.key) }
    }

    /// The file rendered through its template syntax, with the map from rendered places back to the source.
    ///
    /// - Throws: ``ContainerPilotConfigFileError`` when the file cannot be read or the template is wrong.
    public static func render(path: String, environment: [String: String]) throws(ContainerPilotConfigFileError)
        -> RenderedTemplate
    {
        let source: SourceText
        do {
            source = try SourceText(contentsOfFile: path, kind: "configuration file")
        } catch {
            throw .unreadable(path: path, reason: error.message)
        }
        do {
            let template = try Template(
                name: path, source: String(decoding: source.bytes, as: UTF8.self),
                options: ContainerPilotEnvironment.options,
                functions: ContainerPilotFunctions.functions(environment: environment))
            return try template.renderWithSourceMap(TemplateValue(strings: environment))
        } catch {
            throw .template(error)
        }
    }

    /// The file rendered, parsed and validated.
    ///
    /// - Throws: ``ContainerPilotConfigFileError``; a fault in the configuration names its line and column in
    ///   the rendered text and, where the two differ, in the template source.
    public static func load(path: String, environment: [String: String]) throws(ContainerPilotConfigFileError)
        -> ContainerPilotConfiguration
    {
        let rendered = try render(path: path, environment: environment)
        do {
            return try ContainerPilotConfiguration(parsing: rendered.text, file: path)
        } catch {
            let origin = rendered.sourceLocation(line: error.location.line, column: error.location.column)
            throw .configuration(error, sourceLine: origin?.line, sourceColumn: origin?.column)
        }
    }
}

/// Why a ContainerPilot configuration file could not be loaded.
public enum ContainerPilotConfigFileError: Error, Sendable, CustomStringConvertible {
    /// The file cannot be read.
    case unreadable(path: String, reason: String)
    /// Its template syntax is wrong, or a function failed; the error names the line and column.
    case template(TemplateError)
    /// The rendered configuration is wrong; with the place in the template source the fault came from.
    case configuration(ContainerPilotConfigurationError, sourceLine: Int?, sourceColumn: Int?)

    /// One line for the user: `file:line:column: message`, and the template source's place when it differs.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): \(reason)"
        case .template(let error):
            return "\(error)"
        case .configuration(let error, let line, let column):
            guard let line, let column, line != error.location.line || column != error.location.column else {
                return "\(error)"
            }
            return "\(error) (rendered text; \(error.location.file):\(line):\(column) in the template source)"
        }
    }
}
