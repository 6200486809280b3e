/// Builds the node tree of a template and its `define`d and `block` templates from tokens, with the checks Go's
/// parser makes before anything runs: functions exist, variables are declared, `end`/`else`/`break` fit.
struct TemplateParser {
    /// The result: the main template's nodes, and every named template.
    struct Result: Sendable {
        var main: [TemplateNode]
        var definitions: [String: [TemplateNode]]
    }

    /// What ended a list of nodes.
    private enum ListEnd {
        case end(offset: Int)
        /// `{{ else }}`; `chained` is the keyword that follows it (`if`, `with`) or nil.
        case otherwise(offset: Int, chained: String?)
    }

    private let tokens: [Token]
    /// The lexer's error, thrown when the parser reaches the `.error` token that ends `tokens`.
    private let lexicalError: TemplateError?
    private let locator: SourceLocator
    private let isFunction: (String) -> Bool
    private var index = 0
    private var variables: [String] = ["$"]
    private var rangeDepth = 0
    /// How deep lists (`if`, `range`, `with`, `define` bodies) and pipelines (parentheses) nest right now.
    private var nesting = 0
    /// The deepest nesting parsed: the parser recurses, and a file of ten thousand `(` must be an error at its
    /// place, not a stack overflow. Real templates nest a handful of levels.
    static let maximumNesting = 100
    private var definitions: [String: [TemplateNode]] = [:]

    init(
        tokens: [Token], lexicalError: TemplateError?, locator: SourceLocator,
        isFunction: @escaping (String) -> Bool
    ) {
        self.tokens = tokens
        self.lexicalError = lexicalError
        self.locator = locator
        self.isFunction = isFunction
    }

    mutating func parse() throws(TemplateError) -> Result {
        var main: [TemplateNode] = []
        while peek().kind != .endOfInput {
            if peek().kind == .leftDelimiter, peekAfterDelimiter().kind == .keyword,
                peekAfterDelimiter().text == "define"
            {
                next()
                nextNonSpace()
                try parseDefinition()
                continue
            }
            switch try textOrAction() {
            case .node(let node): main.append(node)
            case .end(let end):
                switch end {
                case .end(let offset): throw locator.error(.syntax, at: offset, "unexpected {{end}}")
                case .otherwise(let offset, _): throw locator.error(.syntax, at: offset, "unexpected {{else}}")
                }
            }
        }
        return Result(main: main, definitions: definitions)
    }

    /// One level deeper, or the error at the current token when that passes ``maximumNesting``.
    private mutating func enterNesting() throws(TemplateError) {
        guard nesting < Self.maximumNesting else {
            throw locator.error(
                .depthExceeded, at: peek().offset, "nested more than \(Self.maximumNesting) levels deep")
        }
        nesting += 1
    }

    // MARK: - Lists and actions

    private enum Item {
        case node(TemplateNode)
        case end(ListEnd)
    }

    private mutating func itemList() throws(TemplateError) -> ([TemplateNode], ListEnd) {
        try enterNesting()
        defer { nesting -= 1 }
        var nodes: [TemplateNode] = []
        while peek().kind != .endOfInput {
            switch try textOrAction() {
            case .node(let node): nodes.append(node)
            case .end(let end): return (nodes, end)
            }
        }
        throw locator.error(.syntax, at: peek().offset, "unexpected EOF")
    }

    private mutating func textOrAction() throws(TemplateError) -> Item {
        let token = next()
        switch token.kind {
        case .text: return .node(.text(token.text, offset: token.offset))
        case .leftDelimiter: return try action()
        default: throw unexpected(token, "input")
        }
    }

    private mutating func action() throws(TemplateError) -> Item {
        let token = peekNonSpace()
        if token.kind == .keyword {
            next()
            switch token.text {
            case "if": return .node(try conditional(setsDot: false, context: "if"))
            case "with": return .node(try conditional(setsDot: true, context: "with"))
            case "range": return .node(try rangeLoop())
            case "end":
                try expectRightDelimiter("end")
                return .end(.end(offset: token.offset))
            case "else":
                let following = peekNonSpace()
                if following.kind == .keyword, following.text == "if" || following.text == "with" {
                    nextNonSpace()
                    return .end(.otherwise(offset: token.offset, chained: following.text))
                }
                try expectRightDelimiter("else")
                return .end(.otherwise(offset: token.offset, chained: nil))
            case "template": return .node(try include())
            case "block": return .node(try block(offset: token.offset))
            case "break", "continue":
                guard rangeDepth > 0 else {
                    throw locator.error(.syntax, at: token.offset, "{{\(token.text)}} outside {{range}}")
                }
                try expectRightDelimiter(token.text)
                return .node(token.text == "break" ? .breakLoop : .continueLoop)
            default:
                throw unexpected(token, "command")
            }
        }
        return .node(.action(try pipeline(context: "command", end: .rightDelimiter)))
    }

    private mutating func conditional(setsDot: Bool, context: String) throws(TemplateError) -> TemplateNode {
        let savedVariables = variables.count
        defer { variables.removeLast(variables.count - savedVariables) }
        let condition = try pipeline(context: context, end: .rightDelimiter)
        let (body, end) = try itemList()
        var elseBody: [TemplateNode] = []
        if case .otherwise(let offset, let chained) = end {
            if let chained {
                guard chained == context else {
                    throw locator.error(.syntax, at: offset, "unexpected {{else \(chained)}} in {{\(context)}}")
                }
                elseBody = [try conditional(setsDot: setsDot, context: context)]
            } else {
                let (list, elseEnd) = try itemList()
                guard case .end = elseEnd else {
                    throw locator.error(.syntax, at: offset, "expected end; found {{else}}")
                }
                elseBody = list
            }
        }
        return .conditional(Conditional(setsDot: setsDot, pipeline: condition, body: body, elseBody: elseBody))
    }

    private mutating func rangeLoop() throws(TemplateError) -> TemplateNode {
        let savedVariables = variables.count
        defer { variables.removeLast(variables.count - savedVariables) }
        let collection = try pipeline(context: "range", end: .rightDelimiter)
        rangeDepth += 1
        let (body, end) = try itemList()
        rangeDepth -= 1
        var elseBody: [TemplateNode] = []
        if case .otherwise(let offset, let chained) = end {
            if chained != nil {
                throw locator.error(.syntax, at: offset, "unexpected {{else \(chained ?? "")}} in {{range}}")
            }
            let (list, elseEnd) = try itemList()
            guard case .end = elseEnd else {
                throw locator.error(.syntax, at: offset, "expected end; found {{else}}")
            }
            elseBody = list
        }
        return .range(RangeLoop(pipeline: collection, body: body, elseBody: elseBody))
    }

    private mutating func templateName(_ context: String) throws(TemplateError) -> String {
        let token = nextNonSpace()
        guard token.kind == .string else {
            throw unexpected(token, "\(context) clause")
        }
        return token.text
    }

    private mutating func include() throws(TemplateError) -> TemplateNode {
        let offset = token(at: index - 1).offset
        let name = try templateName("template")
        if peekNonSpace().kind == .rightDelimiter {
            nextNonSpace()
            return .include(name: name, pipeline: nil, offset: offset)
        }
        return .include(name: name, pipeline: try pipeline(context: "template", end: .rightDelimiter), offset: offset)
    }

    /// `{{ block "name" pipeline }}body{{ end }}` defines `name` and calls it.
    private mutating func block(offset: Int) throws(TemplateError) -> TemplateNode {
        let name = try templateName("block")
        let argument = try pipeline(context: "block", end: .rightDelimiter)
        let savedVariables = variables
        let savedRangeDepth = rangeDepth
        variables = ["$"]
        rangeDepth = 0
        // Restored on the error path too: the enclosing control structures truncate back to their own count.
        defer {
            variables = savedVariables
            rangeDepth = savedRangeDepth
        }
        let (body, end) = try itemList()
        if case .otherwise(let elseOffset, _) = end {
            throw locator.error(.syntax, at: elseOffset, "unexpected {{else}} in block clause")
        }
        try add(definition: name, body: body, at: offset)
        return .include(name: name, pipeline: argument, offset: offset)
    }

    private mutating func parseDefinition() throws(TemplateError) {
        let offset = token(at: index - 1).offset
        let name = try templateName("define")
        try expectRightDelimiter("define")
        let savedVariables = variables
        variables = ["$"]
        defer { variables = savedVariables }
        let (body, end) = try itemList()
        if case .otherwise(let elseOffset, _) = end {
            throw locator.error(.syntax, at: elseOffset, "unexpected {{else}} in define")
        }
        try add(definition: name, body: body, at: offset)
    }

    /// Go allows an empty definition to be replaced, and rejects two definitions with content.
    private mutating func add(definition name: String, body: [TemplateNode], at offset: Int) throws(TemplateError) {
        if let existing = definitions[name], !Self.isEmpty(existing), !Self.isEmpty(body) {
            throw locator.error(.undefinedTemplate, at: offset, "template: multiple definition of template \"\(name)\"")
        }
        if definitions[name] == nil || !Self.isEmpty(body) {
            definitions[name] = body
        }
    }

    private static func isEmpty(_ nodes: [TemplateNode]) -> Bool {
        nodes.allSatisfy { node in
            if case .text(let text, _) = node { text.allSatisfy(\.isWhitespace) } else { false }
        }
    }

    // MARK: - Pipelines

    private mutating func pipeline(context: String, end: Token.Kind) throws(TemplateError) -> Pipeline {
        try enterNesting()
        defer { nesting -= 1 }
        let start = peekNonSpace().offset
        var declared: [String] = []
        var isAssignment = false
        // A leading `$x :=`, `$x =` or (in range) `$i, $e :=`.
        declarations: while peekNonSpace().kind == .variable {
            let mark = index
            let variable = nextNonSpace()
            let following = peekNonSpace()
            switch following.kind {
            case .declare, .assign:
                nextNonSpace()
                isAssignment = following.kind == .assign
                declared.append(variable.text)
                if isAssignment {
                    for name in declared where !variables.contains(name) {
                        throw locator.error(.undefinedVariable, at: variable.offset, "undefined variable \"\(name)\"")
                    }
                } else {
                    // In scope from here on, as in Go: `{{ $x := $x }}` parses (and fails when rendered).
                    variables.append(contentsOf: declared)
                }
                break declarations
            case .comma where context == "range" && declared.isEmpty:
                nextNonSpace()
                declared.append(variable.text)
                guard peekNonSpace().kind == .variable else {
                    throw locator.error(.syntax, at: peekNonSpace().offset, "range can only initialize variables")
                }
            case .comma:
                throw locator.error(.syntax, at: following.offset, "too many declarations in \(context)")
            default:
                guard declared.isEmpty else {
                    throw unexpected(following, context)
                }
                index = mark
                break declarations
            }
        }
        if declared.count > 1, context != "range" {
            throw locator.error(.syntax, at: start, "too many declarations in \(context)")
        }
        var commands: [Command] = []
        while true {
            let token = peekNonSpace()
            if token.kind == end {
                nextNonSpace()
                break
            }
            switch token.kind {
            case .bool, .character, .dot, .field, .identifier, .number, .nil, .string, .variable, .leftParenthesis:
                commands.append(try command())
            default:
                throw unexpected(token, context)
            }
        }
        if commands.isEmpty {
            throw locator.error(.syntax, at: start, "missing value for \(context)")
        }
        for (stage, command) in commands.enumerated().dropFirst() {
            switch command.operands[0] {
            case .literal, .nilLiteral, .dot:
                throw locator.error(
                    .syntax, at: command.offset, "non executable command in pipeline stage \(stage + 1)")
            default: break
            }
        }
        return Pipeline(offset: start, variables: declared, isAssignment: isAssignment, commands: commands)
    }

    private mutating func command() throws(TemplateError) -> Command {
        let start = peekNonSpace().offset
        var operands: [Operand] = []
        loop: while true {
            _ = peekNonSpace()
            if let operand = try operand() {
                operands.append(operand)
            }
            let token = next()
            switch token.kind {
            case .space:
                continue loop
            case .rightDelimiter, .rightParenthesis:
                index -= 1
            case .pipe:
                break
            default:
                throw unexpected(token, "operand")
            }
            break loop
        }
        guard !operands.isEmpty else {
            throw locator.error(.syntax, at: start, "empty command")
        }
        return Command(offset: start, operands: operands)
    }

    private mutating func operand() throws(TemplateError) -> Operand? {
        guard let term = try term() else { return nil }
        guard peek().kind == .field else { return term }
        let offset = peek().offset
        var fields: [String] = []
        while peek().kind == .field {
            fields.append(next().text)
        }
        switch term {
        case .field(let names, let fieldOffset): return .field(names: names + fields, offset: fieldOffset)
        case .variable(let name, let names, let variableOffset):
            return .variable(name: name, fields: names + fields, offset: variableOffset)
        case .literal, .nilLiteral, .dot:
            throw locator.error(.syntax, at: offset, "unexpected . after term")
        default:
            return .chain(term, fields: fields, offset: offset)
        }
    }

    private mutating func term() throws(TemplateError) -> Operand? {
        let token = nextNonSpace()
        switch token.kind {
        case .identifier:
            guard isFunction(token.text) else {
                throw locator.error(.undefinedFunction, at: token.offset, "function \"\(token.text)\" not defined")
            }
            return .function(name: token.text, offset: token.offset)
        case .dot: return .dot
        case .nil: return .nilLiteral(offset: token.offset)
        case .variable:
            guard variables.contains(token.text) else {
                throw locator.error(
                    .undefinedVariable, at: token.offset, "undefined variable \"\(token.text)\"")
            }
            return .variable(name: token.text, fields: [], offset: token.offset)
        case .field: return .field(names: [token.text], offset: token.offset)
        case .bool: return .literal(.bool(token.text == "true"), offset: token.offset)
        case .string: return .literal(.string(token.text), offset: token.offset)
        case .character:
            return .literal(.integer(Int(token.text.unicodeScalars.first?.value ?? 0)), offset: token.offset)
        case .number: return .literal(try number(token), offset: token.offset)
        case .leftParenthesis:
            return .pipeline(try pipeline(context: "parenthesized pipeline", end: .rightParenthesis))
        default:
            index -= 1
            return nil
        }
    }

    /// Go's rules for numeric constants: integers in any base (a leading 0 is octal), floats when written
    /// with a point or an exponent.
    private func number(_ token: Token) throws(TemplateError) -> TemplateValue {
        if let value = NumberLiteral.parse(token.text) { return value }
        throw locator.error(.syntax, at: token.offset, "illegal number syntax: \"\(token.text)\"")
    }

    // MARK: - Tokens

    /// The token at `position`; past the end, the last one (`.endOfInput` or `.error`), which therefore repeats
    /// forever while `index` still moves, so that every `index -= 1` after a read returns to the token read.
    private func token(at position: Int) -> Token {
        tokens[min(position, tokens.count - 1)]
    }

    @discardableResult
    private mutating func next() -> Token {
        defer { index += 1 }
        return token(at: index)
    }

    private func peek() -> Token { token(at: index) }

    private func peekAfterDelimiter() -> Token {
        var look = index + 1
        while token(at: look).kind == .space { look += 1 }
        return token(at: look)
    }

    @discardableResult
    private mutating func nextNonSpace() -> Token {
        while token(at: index).kind == .space { index += 1 }
        return next()
    }

    private mutating func peekNonSpace() -> Token {
        while token(at: index).kind == .space { index += 1 }
        return token(at: index)
    }

    private mutating func expectRightDelimiter(_ context: String) throws(TemplateError) {
        let token = nextNonSpace()
        guard token.kind == .rightDelimiter else { throw unexpected(token, context) }
    }

    private func unexpected(_ token: Token, _ context: String) -> TemplateError {
        if token.kind == .error, let lexicalError {
            return lexicalError
        }
        if token.kind == .endOfInput {
            return locator.error(.syntax, at: token.offset, "unexpected EOF in \(context)")
        }
        if token.kind == .rightDelimiter {
            return locator.error(.syntax, at: token.offset, "unexpected \"}}\" in \(context)")
        }
        return locator.error(.syntax, at: token.offset, "unexpected \(token) in \(context)")
    }
}
