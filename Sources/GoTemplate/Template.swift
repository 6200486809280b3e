/// A parsed Go `text/template`: ready to render against any data, any number of times, from any task.
///
/// ```swift
/// let template = try Template(name: "config.json5", source: #"{"port": {{ .PORT | default 80 }}}"#,
///                             functions: ContainerPilotFunctions.functions(environment: environment))
/// let text = try template.render(.map(["PORT": "8080"]))
/// ```
///
/// Parsing checks what Go checks before running: the syntax, that every function exists (built-in or given in
/// `functions`), that every variable is declared. Rendering reports the rest (wrong arguments, missing keys under
/// `.error`, failing functions) with the template's name, line and column.
///
/// Where this differs from Go's text/template, and why:
/// - Data is ``TemplateValue``: no struct fields, methods, pointers, channels, function values, complex or
///   unsigned numbers; so no `call` built-in, and `index` of a string yields an `int` where Go yields a `uint8`.
/// - A nil inside the data prints `<no value>`, like a missing key (Go prints `<nil>` for a present nil).
/// - ``MissingKeyPolicy/zero(_:)`` takes the zero value, since values carry no element type.
/// - One source per template; its `define`s and `block`s are its set (no `ParseFiles`, `Clone`, `Lookup`).
/// - Includes nest at most 200 deep (Go allows 100,000; a debug build's stack
///   does not).
/// - `printf`'s `%#v` quotes strings only (no Go-syntax dump of collections); `%p` and `%w` are not verbs here.
/// - Parse errors carry a column as well as a line (Go's carry only the line).
public struct Template: Sendable {
    /// The name errors start with, usually the file's name.
    public let name: String
    /// The options the template was parsed with and renders with.
    public let options: TemplateOptions
    let main: [TemplateNode]
    let definitions: [String: [TemplateNode]]
    let functions: [String: TemplateFunction]
    let locator: SourceLocator

    /// Parses `source`.
    ///
    /// - Parameters:
    ///   - name: the name errors report (a file name).
    ///   - source: the template text.
    ///   - options: delimiters and the missing-key policy.
    ///   - functions: host functions by name; a name that is also a built-in replaces the built-in, as Go's
    ///     `Funcs` does.
    /// - Throws: ``TemplateError`` with code `.syntax`, `.undefinedFunction`, `.undefinedVariable` or
    ///   `.undefinedTemplate` (a template defined twice).
    public init(
        name: String, source: String, options: TemplateOptions = TemplateOptions(),
        functions: [String: TemplateFunction] = [:]
    ) throws(TemplateError) {
        self.name = name
        self.options = options
        self.functions = functions
        let locator = SourceLocator(templateName: name, source: Array(source.utf8))
        self.locator = locator
        var lexer = TemplateLexer(
            locator: locator, leftDelimiter: options.leftDelimiter, rightDelimiter: options.rightDelimiter)
        let (tokens, lexicalError) = lexer.tokenize()
        var parser = TemplateParser(tokens: tokens, lexicalError: lexicalError, locator: locator) { name in
            functions[name] != nil || BuiltinFunctions.names.contains(name)
        }
        let result = try parser.parse()
        self.main = result.main
        self.definitions = result.definitions
    }

    /// The names of the templates `define` and `block` introduced, sorted.
    public var definedTemplateNames: [String] { definitions.keys.sorted() }

    /// Renders the template with `data` as dot (and `$`).
    ///
    /// - Throws: ``TemplateError`` locating the action that failed.
    public func render(_ data: TemplateValue) throws(TemplateError) -> String {
        var renderer = TemplateRenderer(template: self)
        return try renderer.render(main, data: data)
    }

    /// Renders the template with `data` and remembers where each piece of the output came from, so that an error
    /// found later in the output (a JSON5 parser's) can be reported at its place in the template source.
    ///
    /// - Throws: ``TemplateError`` locating the action that failed.
    public func renderWithSourceMap(_ data: TemplateValue) throws(TemplateError) -> RenderedTemplate {
        var renderer = TemplateRenderer(template: self, recordsSourceMap: true)
        let text = try renderer.render(main, data: data)
        return RenderedTemplate(text: text, pieces: renderer.sourceMap, locator: locator)
    }

    /// Renders the template named `definition` (from `define` or `block`) with `data` as dot.
    ///
    /// - Throws: ``TemplateError`` with code `.undefinedTemplate` if there is no such template, or locating the
    ///   action that failed.
    public func render(definition: String, _ data: TemplateValue) throws(TemplateError) -> String {
        guard let nodes = definitions[definition] else {
            throw locator.error(.undefinedTemplate, at: 0, "no such template \"\(definition)\"")
        }
        var renderer = TemplateRenderer(template: self)
        return try renderer.render(nodes, data: data)
    }
}
