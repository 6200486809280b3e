/// ContainerPilot's command line, read as Go's `flag` package reads it (`-name`, `-name value`, `-name=value`;
/// `--name` the same; parsing stops at the first argument that is not a flag or after `--`).
///
/// pilot's own commands use double dashes (`--version`, `run --config`); a command line whose first argument is
/// one of ContainerPilot's single-dash flags is ContainerPilot's, so an existing container's command runs as is.
struct ContainerPilotFlags: Equatable {
    /// What the command line asks for, in ContainerPilot's order of precedence.
    enum Action: Equatable {
        case version
        case template(out: String?)
        case reload
        case maintenance(enable: Bool)
        case putEnvironment([String: String])
        case putMetrics([String: String])
        case ping
        /// No action flag: run the configuration.
        case run
    }

    /// `-config PATH`, if given.
    var config: String?
    /// The action.
    var action: Action

    /// A command-line fault, named as Go's `flag` package names it; pilot exits 2.
    struct UsageError: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    /// The flags ContainerPilot 3.8 defines, and whether each takes a value.
    static let flags: [String: Bool] = [
        "version": false, "template": false, "reload": false, "ping": false,
        "config": true, "out": true, "maintenance": true, "putmetric": true, "putenv": true,
    ]

    /// Whether a command line is ContainerPilot's: its first argument is one of its flags with a single dash, or
    /// there is none and `CONTAINERPILOT` names a configuration (as ContainerPilot starts in its containers).
    static func claims(_ arguments: [String], containerPilotVariable: String?) -> Bool {
        if arguments.isEmpty { return !(containerPilotVariable ?? "").isEmpty }
        guard let first = arguments.first, first.hasPrefix("-"), !first.hasPrefix("--") else { return false }
        let name = first.dropFirst().split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
        return flags[name] != nil
    }

    /// Reads a command line (without the program name).
    init(parsing arguments: [String]) throws(UsageError) {
        var values: [String: String] = [:]
        var booleans: Set<String> = []
        var environment: [String: String] = [:]
        var metrics: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { break }
            guard argument.hasPrefix("-"), argument.count > 1 else {
                throw UsageError(description: "unexpected argument \"\(argument)\": ContainerPilot's flags take no "
                    + "arguments beside their values (run pilot -help for pilot's own commands)")
            }
            var flag = Substring(argument).dropFirst(argument.hasPrefix("--") ? 2 : 1)
            var inlineValue: String?
            if let equals = flag.firstIndex(of: "=") {
                inlineValue = String(flag[flag.index(after: equals)...])
                flag = flag[..<equals]
            }
            let name = String(flag)
            guard let takesValue = Self.flags[name] else {
                throw UsageError(description: "flag provided but not defined: -\(name)")
            }
            index += 1
            if !takesValue {
                switch inlineValue {
                case nil, "true", "1", "t", "T", "TRUE", "True": booleans.insert(name)
                case "false", "0", "f", "F", "FALSE", "False": booleans.remove(name)
                case .some(let value):
                    throw UsageError(description: "invalid boolean value \"\(value)\" for -\(name)")
                }
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else { throw UsageError(description: "flag needs an argument: -\(name)") }
                value = arguments[index]
                index += 1
            }
            switch name {
            case "putenv", "putmetric":
                guard let equals = value.firstIndex(of: "=") else {
                    throw UsageError(description: "-\(name): \"\(value)\" is not in the form key=value")
                }
                let key = String(value[..<equals])
                guard !key.isEmpty else { throw UsageError(description: "-\(name): \"\(value)\" has no key before =") }
                // The value is kept whole, "=" and all.
                let entry = String(value[value.index(after: equals)...])
                if name == "putenv" { environment[key] = entry } else { metrics[key] = entry }
            default:
                values[name] = value
            }
        }
        config = values["config"]
        if booleans.contains("version") {
            action = .version
        } else if booleans.contains("template") {
            action = .template(out: values["out"].flatMap { $0 == "-" || $0.isEmpty ? nil : $0 })
        } else if booleans.contains("reload") {
            action = .reload
        } else if let mode = values["maintenance"], !mode.isEmpty {
            // ContainerPilot disables maintenance for any word but "enable"; a typo must not do that silently.
            switch mode {
            case "enable": action = .maintenance(enable: true)
            case "disable": action = .maintenance(enable: false)
            default: throw UsageError(description: "-maintenance: expected enable or disable, found \"\(mode)\"")
            }
        } else if !environment.isEmpty {
            action = .putEnvironment(environment)
        } else if !metrics.isEmpty {
            action = .putMetrics(metrics)
        } else if booleans.contains("ping") {
            action = .ping
        } else {
            action = .run
        }
    }
}
