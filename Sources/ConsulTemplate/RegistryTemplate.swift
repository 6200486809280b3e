public import GoTemplate
import Synchronization

/// A template in consul-template's language: Go's text/template with consul-template's functions (`service`,
/// `key`, `tree`, ...), rendered over the answers of the queries it makes.
///
/// Rendering is a pass over the answers known so far. A function whose query has no answer yet records it as
/// missing and returns an empty value, so the pass goes on and finds the other queries; the text is only
/// complete once no query is missing. The caller watches ``RenderOutcome/queries`` and renders again when an
/// answer changes.
public struct RegistryTemplate: Sendable {
    /// The name errors start with (the source file's path).
    public let name: String
    /// The template text.
    public let source: String
    /// Delimiters and the missing-key policy.
    public let options: ConsulTemplateOptions

    /// Parses `source`, so that a syntax error or an unknown function is found before anything runs.
    ///
    /// - Throws: ``TemplateError`` located at the template's line and column.
    public init(name: String, source: String, options: ConsulTemplateOptions = ConsulTemplateOptions()) throws(TemplateError) {
        self.name = name
        self.source = source
        self.options = options
        _ = try parse(pass: RenderPass(answers: [:], environment: [:]))
    }

    /// Renders over `answers`, with `environment` for `env`.
    public func render(answers: [TemplateQuery: QueryAnswer], environment: [String: String]) -> RenderOutcome {
        let pass = RenderPass(answers: answers, environment: environment)
        do {
            let template = try parse(pass: pass)
            let text = try template.render(.map([:]))
            let (queries, missing) = pass.recorded
            return RenderOutcome(text: missing.isEmpty ? text : nil, queries: queries, missing: missing, error: nil)
        } catch {
            let (queries, missing) = pass.recorded
            return RenderOutcome(text: nil, queries: queries, missing: missing, error: error)
        }
    }

    private func parse(pass: RenderPass) throws(TemplateError) -> Template {
        try Template(
            name: name, source: source,
            options: TemplateOptions(
                leftDelimiter: options.leftDelimiter, rightDelimiter: options.rightDelimiter,
                missingKey: options.errorOnMissingKey ? .error : .noValue),
            functions: ConsulTemplateFunctions.functions(pass: pass))
    }
}

/// One render pass: the answers it reads and the queries it made.
final class RenderPass: Sendable {
    private struct Record {
        var queries: Set<TemplateQuery> = []
        var missing: Set<TemplateQuery> = []
    }

    let answers: [TemplateQuery: QueryAnswer]
    let environment: [String: String]
    private let record = Mutex(Record())

    init(answers: [TemplateQuery: QueryAnswer], environment: [String: String]) {
        self.answers = answers
        self.environment = environment
    }

    /// The answer to `query`, recording that the template asked; `nil` (and recorded as missing) when none yet.
    func answer(_ query: TemplateQuery) -> QueryAnswer? {
        let answer = answers[query]
        record.withLock { record in
            record.queries.insert(query)
            if answer == nil { record.missing.insert(query) }
        }
        return answer
    }

    /// The queries made, and those without an answer.
    var recorded: (queries: Set<TemplateQuery>, missing: Set<TemplateQuery>) {
        record.withLock { ($0.queries, $0.missing) }
    }
}
