/// Walks a parsed template and writes its output: Go's `text/template` execution rules for dot, variables,
/// pipelines, control structures and function calls.
struct TemplateRenderer {
    /// How a list of nodes finished: normally, or at a `break`/`continue` the enclosing range must honour.
    private enum Flow {
        case normal, breakLoop, continueLoop
    }

    /// Templates may include one another, recursively; deeper than this is taken as runaway recursion (a debug
    /// build's stack must hold every level).
    static let maximumDepth = 200

    private let template: Template
    private var output = ""
    /// Where each piece of the output came from, when the caller asked for a source map.
    private var pieces: [RenderedTemplate.Piece]?
    /// Declared variables, innermost last; a scope is a count to truncate back to.
    private var variables: [(name: String, value: TemplateValue)] = []
    private var depth = 0

    init(template: Template, recordsSourceMap: Bool = false) {
        self.template = template
        self.pieces = recordsSourceMap ? [] : nil
    }

    mutating func render(_ nodes: [TemplateNode], data: TemplateValue) throws(TemplateError) -> String {
        output = ""
        variables = [("$", data)]
        _ = try walk(nodes, dot: data)
        return output
    }

    /// The output pieces recorded by the last ``render(_:data:)``, in output order.
    var sourceMap: [RenderedTemplate.Piece] { pieces ?? [] }

    private mutating func record(sourceOffset: Int, isVerbatim: Bool) {
        pieces?.append(
            RenderedTemplate.Piece(outputOffset: output.utf8.count, sourceOffset: sourceOffset, isVerbatim: isVerbatim))
    }

    private func error(_ code: TemplateError.Code, at offset: Int, _ message: String) -> TemplateError {
        template.locator.error(code, at: offset, message)
    }

    // MARK: - Nodes

    private mutating func walk(_ nodes: [TemplateNode], dot: TemplateValue) throws(TemplateError) -> Flow {
        for node in nodes {
            switch node {
            case .text(let text, let offset):
                record(sourceOffset: offset, isVerbatim: true)
                output += text
            case .action(let pipeline):
                let value = try evaluate(pipeline, dot: dot)
                if pipeline.variables.isEmpty {
                    record(sourceOffset: pipeline.offset, isVerbatim: false)
                    if case .nil = value {
                        output += "<no value>"
                    } else {
                        GoFormatter.appendDefault(value, to: &output)
                    }
                }
            case .conditional(let conditional):
                let scope = variables.count
                let value = try evaluate(conditional.pipeline, dot: dot)
                let flow: Flow
                if value.isTrue {
                    flow = try walk(conditional.body, dot: conditional.setsDot ? value : dot)
                } else {
                    flow = try walk(conditional.elseBody, dot: dot)
                }
                variables.removeLast(variables.count - scope)
                if flow != .normal { return flow }
            case .range(let loop):
                try range(loop, dot: dot)
            case .include(let name, let pipeline, let offset):
                try include(name, pipeline: pipeline, offset: offset, dot: dot)
            case .breakLoop:
                return .breakLoop
            case .continueLoop:
                return .continueLoop
            }
        }
        return .normal
    }

    private mutating func range(_ loop: RangeLoop, dot: TemplateValue) throws(TemplateError) {
        let scope = variables.count
        defer { variables.removeLast(variables.count - scope) }
        let collection = try evaluateCommands(loop.pipeline, dot: dot)
        let names = loop.pipeline.variables
        var ranOnce = false
        // Returns false when the body broke out of the loop.
        func iterate(_ renderer: inout TemplateRenderer, key: TemplateValue, element: TemplateValue)
            throws(TemplateError) -> Bool
        {
            ranOnce = true
            // A loop can run for a long time (`range loop 1000000`): a render in a cancelled task (its owner is
            // stopping) ends at the next iteration instead of holding the shutdown.
            if Task.isCancelled {
                throw renderer.error(.cancelled, at: loop.pipeline.offset, "the render was cancelled")
            }
            let iterationScope = renderer.variables.count
            if loop.pipeline.isAssignment {
                if names.count == 2 {
                    try renderer.assign(names[0], key, offset: loop.pipeline.offset)
                    try renderer.assign(names[1], element, offset: loop.pipeline.offset)
                } else if let name = names.first {
                    try renderer.assign(name, element, offset: loop.pipeline.offset)
                }
            } else if names.count == 2 {
                renderer.variables.append((names[0], key))
                renderer.variables.append((names[1], element))
            } else if let name = names.first {
                renderer.variables.append((name, element))
            }
            let flow = try renderer.walk(loop.body, dot: element)
            renderer.variables.removeLast(renderer.variables.count - iterationScope)
            return flow != .breakLoop
        }
        switch collection {
        case .array(let elements):
            for (position, element) in elements.enumerated() {
                guard try iterate(&self, key: .integer(position), element: element) else { break }
            }
        case .map(let entries):
            for key in entries.sortedKeys {
                guard try iterate(&self, key: .string(key), element: entries[key] ?? .nil) else { break }
            }
        case .integer(let count):
            if names.count > 1 {
                throw error(
                    .invalidOperation, at: loop.pipeline.offset,
                    "can't use \(count) to iterate over more than one variable")
            }
            var position = 0
            while position < count {
                guard try iterate(&self, key: .integer(position), element: .integer(position)) else { break }
                position += 1
            }
        case .nil:
            break
        default:
            throw error(.invalidOperation, at: loop.pipeline.offset, "range can't iterate over \(collection.formatted)")
        }
        if !ranOnce {
            _ = try walk(loop.elseBody, dot: dot)
        }
    }

    private mutating func include(_ name: String, pipeline: Pipeline?, offset: Int, dot: TemplateValue)
        throws(TemplateError)
    {
        guard let nodes = template.definitions[name] else {
            throw error(.undefinedTemplate, at: offset, "no such template \"\(name)\"")
        }
        let newDot = try pipeline.map { pipeline throws(TemplateError) in try evaluate(pipeline, dot: dot) } ?? .nil
        guard depth < Self.maximumDepth else {
            throw error(
                .depthExceeded, at: offset, "exceeded maximum template depth (\(Self.maximumDepth))")
        }
        let saved = variables
        variables = [("$", newDot)]
        depth += 1
        defer {
            depth -= 1
            variables = saved
        }
        _ = try walk(nodes, dot: newDot)
    }

    // MARK: - Pipelines

    /// Evaluates a pipeline and declares or assigns its variables.
    private mutating func evaluate(_ pipeline: Pipeline, dot: TemplateValue) throws(TemplateError) -> TemplateValue {
        let value = try evaluateCommands(pipeline, dot: dot)
        for name in pipeline.variables {
            if pipeline.isAssignment {
                try assign(name, value, offset: pipeline.offset)
            } else {
                variables.append((name, value))
            }
        }
        return value
    }

    private mutating func evaluateCommands(_ pipeline: Pipeline, dot: TemplateValue) throws(TemplateError)
        -> TemplateValue
    {
        var value: TemplateValue?
        for command in pipeline.commands {
            value = try evaluate(command, dot: dot, final: value)
        }
        return value ?? .nil
    }

    private mutating func assign(_ name: String, _ value: TemplateValue, offset: Int) throws(TemplateError) {
        guard let position = variables.lastIndex(where: { $0.name == name }) else {
            throw error(.undefinedVariable, at: offset, "undefined variable \"\(name)\"")
        }
        variables[position].value = value
    }

    private func variable(_ name: String, offset: Int) throws(TemplateError) -> TemplateValue {
        guard let entry = variables.last(where: { $0.name == name }) else {
            throw error(.undefinedVariable, at: offset, "undefined variable \"\(name)\"")
        }
        return entry.value
    }

    /// One command; `final` is the value piped in from the previous command.
    private mutating func evaluate(_ command: Command, dot: TemplateValue, final: TemplateValue?)
        throws(TemplateError) -> TemplateValue
    {
        let first = command.operands[0]
        if case .function(let name, let offset) = first {
            return try call(name, arguments: command.operands.dropFirst(), final: final, dot: dot, offset: offset)
        }
        if command.operands.count > 1 || final != nil {
            throw error(
                .invalidOperation, at: command.offset,
                "can't give argument to non-function \(describe(first))")
        }
        if case .nilLiteral(let offset) = first {
            throw error(.invalidOperation, at: offset, "nil is not a command")
        }
        return try evaluate(first, dot: dot)
    }

    /// An operand used as a value (an argument, or a command on its own).
    private mutating func evaluate(_ operand: Operand, dot: TemplateValue) throws(TemplateError) -> TemplateValue {
        switch operand {
        case .dot:
            return dot
        case .field(let names, let offset):
            return try fields(names, of: dot, offset: offset)
        case .variable(let name, let names, let offset):
            return try fields(names, of: variable(name, offset: offset), offset: offset)
        case .function(let name, let offset):
            return try call(name, arguments: [], final: nil, dot: dot, offset: offset)
        case .chain(let inner, let names, let offset):
            return try fields(names, of: evaluate(inner, dot: dot), offset: offset)
        case .pipeline(let pipeline):
            return try evaluate(pipeline, dot: dot)
        case .literal(let value, _):
            return value
        case .nilLiteral:
            return .nil
        }
    }

    /// `.A.B` on `receiver`: map lookups, with the missing-key policy.
    private func fields(_ names: [String], of receiver: TemplateValue, offset: Int) throws(TemplateError)
        -> TemplateValue
    {
        var current = receiver
        for name in names {
            switch current {
            case .map(let entries):
                if let value = entries[name] {
                    current = value
                } else {
                    switch template.options.missingKey {
                    case .noValue: current = .nil
                    case .zero(let zero): current = zero
                    case .error: throw error(.missingKey, at: offset, "map has no entry for key \"\(name)\"")
                    }
                }
            case .nil:
                if template.options.missingKey == .error {
                    throw error(.missingKey, at: offset, "nil data; no entry for key \"\(name)\"")
                }
            default:
                throw error(
                    .invalidOperation, at: offset, "can't evaluate field \(name) in type \(current.typeName)")
            }
        }
        return current
    }

    // MARK: - Functions

    private mutating func call(
        _ name: String, arguments: ArraySlice<Operand>, final: TemplateValue?, dot: TemplateValue, offset: Int
    ) throws(TemplateError) -> TemplateValue {
        let host = template.functions[name]
        if host == nil, name == "and" || name == "or" {
            return try shortCircuit(name, arguments: arguments, final: final, dot: dot, offset: offset)
        }
        var values: [TemplateValue] = []
        values.reserveCapacity(arguments.count + 1)
        for argument in arguments {
            values.append(try evaluate(argument, dot: dot))
        }
        if let final { values.append(final) }
        do {
            if let host { return try host(values) }
            return try BuiltinFunctions.call(name, values)
        } catch let failure as TemplateFunctionError {
            let code: TemplateError.Code =
                switch failure.reason {
                case .argumentCount, .argumentType: .wrongArguments
                case .failed: .functionFailed
                }
            throw error(code, at: offset, "function \"\(name)\": \(failure.message)")
        } catch let failure as TemplateError {
            throw failure
        } catch {
            throw self.error(.functionFailed, at: offset, "function \"\(name)\": \(error)")
        }
    }

    /// `and` and `or` evaluate arguments left to right and stop at the first that decides, which is the result.
    private mutating func shortCircuit(
        _ name: String, arguments: ArraySlice<Operand>, final: TemplateValue?, dot: TemplateValue, offset: Int
    ) throws(TemplateError) -> TemplateValue {
        let count = arguments.count + (final == nil ? 0 : 1)
        guard count >= 1 else {
            throw error(.wrongArguments, at: offset, "function \"\(name)\": expected at least 1 argument, got 0")
        }
        let stopsWhenTrue = name == "or"
        var value = TemplateValue.nil
        for argument in arguments {
            value = try evaluate(argument, dot: dot)
            if value.isTrue == stopsWhenTrue { return value }
        }
        if let final { value = final }
        return value
    }

    private func describe(_ operand: Operand) -> String {
        switch operand {
        case .dot: "."
        case .field(let names, _): names.map { "." + $0 }.joined()
        case .variable(let name, let names, _): name + names.map { "." + $0 }.joined()
        case .function(let name, _): name
        case .chain(let inner, let names, _): describe(inner) + names.map { "." + $0 }.joined()
        case .pipeline: "(pipeline)"
        case .literal(let value, _): value.formatted
        case .nilLiteral: "nil"
        }
    }
}
