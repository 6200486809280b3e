import ConsulAPI
import GoTemplate

/// consul-template's functions over one render pass: the registry lookups, each recording its query, and the
/// helpers templates use with them.
///
/// A lookup whose query has no answer yet returns the empty value of its kind (an empty list, "", false, nil)
/// so that the pass goes on and finds the template's other queries; the pass then holds the text back.
enum ConsulTemplateFunctions {
    /// Every function, bound to `pass`.
    static func functions(pass: RenderPass) -> [String: TemplateFunction] {
        var functions = registryFunctions(pass: pass)
        functions.merge(environmentFunctions(pass: pass)) { first, _ in first }
        functions.merge(CollectionFunctions.functions) { first, _ in first }
        functions.merge(TextFunctions.functions) { first, _ in first }
        functions.merge(ArithmeticFunctions.functions) { first, _ in first }
        functions["timestamp"] = { arguments in try GoTimeLayout.timestamp(arguments, unixTime: pass.unixTime) }
        return functions
    }

    // MARK: - Registry

    private static func registryFunctions(pass: RenderPass) -> [String: TemplateFunction] {
        [
            "service": { arguments in
                let texts = try QueryArguments.strings(arguments)
                guard let first = texts.first, !first.isEmpty else { return .array([]) }
                let query = try QueryArguments.service(texts)
                guard case .services(let entries) = pass.answer(query), case .service(_, _, _, let filter) = query
                else { return .array([]) }
                return .array(RegistryValues.services(entries, filter: filter))
            },
            "services": { arguments in
                let datacenter = try QueryArguments.datacenterOnly(try QueryArguments.strings(arguments))
                guard case .catalogServices(let services) = pass.answer(.catalogServices(datacenter: datacenter))
                else { return .array([]) }
                return .array(RegistryValues.catalogServices(services))
            },
            "key": { arguments in
                try TemplateFunctionError.requireCount(arguments, 1)
                guard let query = try QueryArguments.key(try TemplateFunctionError.string(arguments, 0)),
                    case .key(let pair) = pass.answer(query)
                else { return .string("") }
                // consul-template's `key` blocks until the key exists (keyOrDefault and keyExists do not), so a
                // file is not written with a hole where a value belongs.
                guard let pair else {
                    pass.markMissing(query)
                    return .string("")
                }
                return .string(String(decoding: pair.value, as: UTF8.self))
            },
            "keyExists": { arguments in
                try TemplateFunctionError.requireCount(arguments, 1)
                guard let query = try QueryArguments.key(try TemplateFunctionError.string(arguments, 0)),
                    case .key(let pair) = pass.answer(query)
                else { return .bool(false) }
                return .bool(pair != nil)
            },
            "keyOrDefault": { arguments in
                try TemplateFunctionError.requireCount(arguments, 2)
                let fallback = try TemplateFunctionError.string(arguments, 1)
                // consul-template falls back for an empty value too, and while the key is unanswered.
                guard let query = try QueryArguments.key(try TemplateFunctionError.string(arguments, 0)),
                    case .key(let pair) = pass.answer(query), let pair, !pair.value.isEmpty
                else { return .string(fallback) }
                return .string(String(decoding: pair.value, as: UTF8.self))
            },
            "ls": keyList(pass: pass, select: RegistryValues.directChildren, emptyIsAnswer: true),
            "safeLs": keyList(pass: pass, select: RegistryValues.directChildren, emptyIsAnswer: false),
            "tree": keyList(pass: pass, select: RegistryValues.descendants, emptyIsAnswer: true),
            "safeTree": keyList(pass: pass, select: RegistryValues.descendants, emptyIsAnswer: false),
            "node": { arguments in
                let query = try QueryArguments.node(try QueryArguments.strings(arguments))
                guard case .node(let node, let services) = pass.answer(query) else { return .nil }
                return RegistryValues.catalogNode(node, services: services)
            },
            "nodes": { arguments in
                let datacenter = try QueryArguments.datacenterOnly(try QueryArguments.strings(arguments))
                guard case .nodes(let nodes) = pass.answer(.nodes(datacenter: datacenter)) else { return .array([]) }
                return .array(RegistryValues.nodes(nodes))
            },
            "file": { arguments in
                try TemplateFunctionError.requireCount(arguments, 1)
                let path = try TemplateFunctionError.string(arguments, 0)
                guard !path.isEmpty else { return .string("") }
                guard case .string(let cleaned) = try TemplateHelperFunctions.trimSpace([.string(path)]),
                    case .file(let text) = pass.answer(.file(cleaned))
                else { return .string("") }
                // A file that cannot be read holds the text back, as consul-template's failing file watch does;
                // the runner reports why it cannot be read.
                guard let text else {
                    pass.markMissing(.file(cleaned))
                    return .string("")
                }
                return .string(text)
            },
        ]
    }

    /// `ls`, `tree` and their `safe` forms: the pairs under a prefix, narrowed by `select`. The safe forms treat
    /// an answer with no pairs as no answer, so a file is not rendered from a prefix emptied by accident.
    private static func keyList(
        pass: RenderPass, select: @escaping @Sendable ([TemplateValue]) -> [TemplateValue], emptyIsAnswer: Bool
    ) -> TemplateFunction {
        { arguments in
            try TemplateFunctionError.requireCount(arguments, 1)
            guard let query = try QueryArguments.keyPrefix(try TemplateFunctionError.string(arguments, 0)),
                case .keyPrefix(let prefix, _) = query,
                case .keyPairs(let pairs) = pass.answer(query)
            else { return .array([]) }
            let selected = select(RegistryValues.keyPairs(pairs, prefix: prefix))
            if selected.isEmpty && !emptyIsAnswer { pass.markMissing(query) }
            return .array(selected)
        }
    }

    // MARK: - Environment

    private static func environmentFunctions(pass: RenderPass) -> [String: TemplateFunction] {
        [
            "env": { arguments in
                try TemplateFunctionError.requireCount(arguments, 1)
                return .string(pass.environment[try TemplateFunctionError.string(arguments, 0)] ?? "")
            },
            "envOrDefault": { arguments in
                try TemplateFunctionError.requireCount(arguments, 2)
                let name = try TemplateFunctionError.string(arguments, 0)
                let fallback = try TemplateFunctionError.string(arguments, 1)
                return .string(pass.environment[name] ?? fallback)
            },
            "mustEnv": { arguments in
                try TemplateFunctionError.requireCount(arguments, 1)
                let name = try TemplateFunctionError.string(arguments, 0)
                guard let value = pass.environment[name], !value.isEmpty else {
                    throw TemplateFunctionError(.failed("required environment variable \(name) is empty"))
                }
                return .string(value)
            },
        ]
    }
}
