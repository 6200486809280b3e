import ConsulAPI
import GoTemplate

/// consul-template's functions over one render pass: the registry lookups, each recording its query, and the
/// helpers templates use with them.
enum ConsulTemplateFunctions {
    /// Every function, bound to `pass`.
    static func functions(pass: RenderPass) -> [String: TemplateFunction] {
        [
            "service": { arguments in
                guard (1...2).contains(arguments.count) else {
                    throw TemplateFunctionError(.argumentCount(expected: "1 or 2", got: arguments.count))
                }
                let query = try QueryArguments.service(
                    try TemplateFunctionError.string(arguments, 0),
                    filter: arguments.count == 2 ? try TemplateFunctionError.string(arguments, 1) : nil)
                guard case .services(let entries) = pass.answer(query), case .service(_, _, _, let filter) = query
                else { return .array([]) }
                return .array(RegistryValues.services(entries, filter: filter))
            },
            "services": { arguments in
                let datacenter = try QueryArguments.datacenterOnly(arguments)
                guard case .catalogServices(let services) = pass.answer(.catalogServices(datacenter: datacenter))
                else { return .array([]) }
                return .array(RegistryValues.catalogServices(services))
            },
            "key": { arguments in
                try TemplateFunctionError.requireCount(arguments, 1)
                let (path, datacenter) = QueryArguments.split(try TemplateFunctionError.string(arguments, 0))
                guard case .key(let pair) = pass.answer(.key(path, datacenter: datacenter)) else { return .string("") }
                return .string(pair?.stringValue ?? "")
            },
            "keyOrDefault": { arguments in
                try TemplateFunctionError.requireCount(arguments, 2)
                let (path, datacenter) = QueryArguments.split(try TemplateFunctionError.string(arguments, 0))
                let fallback = try TemplateFunctionError.string(arguments, 1)
                guard case .key(let pair) = pass.answer(.key(path, datacenter: datacenter)), let pair else {
                    return .string(fallback)
                }
                return .string(pair.stringValue ?? "")
            },
            "env": { arguments in
                try TemplateFunctionError.requireCount(arguments, 1)
                return .string(pass.environment[try TemplateFunctionError.string(arguments, 0)] ?? "")
            },
        ]
    }
}
