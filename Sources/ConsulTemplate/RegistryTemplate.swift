public import GoTemplate
internal import Glibc
import Synchronization

/// A template in consul-template's language: Go's text/template with consul-template's functions (`service`,
/// `key`, `tree`, ...), rendered over the answers of the queries it makes.
///
/// Functions: the registry's `service`, `services`, `key`, `keyOrDefault`, `keyExists`, `ls`, `safeLs`, `tree`,
/// `safeTree`, `node`, `nodes`, `file`; `env`, `envOrDefault`, `mustEnv`, `timestamp`; the helpers `byTag`,
/// `byKey`, `explode`, `in`, `contains`, `containsAll`/`Any`/`None`/`NotAll`, `split`, `splitToMap`, `join`,
/// `trim`, `trimSpace`, `trimPrefix`, `trimSuffix`, `toLower`, `toUpper`, `toTitle`, `indent`, `replaceAll`,
/// `regexMatch`, `regexReplaceAll`, `loop`, `parseInt`, `parseUint`, `parseFloat`, `parseBool`, `parseJSON`,
/// `toJSON`, `toJSONPretty`, `toUnescapedJSON`, `toUnescapedJSONPretty`, `base64Encode`/`Decode` (and `URL`
/// forms), `add`, `subtract`, `multiply`, `divide`, `modulo`, `minimum`, `maximum`; and Go's built-ins (`printf`,
/// `index`, `len`, `eq`, ...). Not here: Vault, Nomad, Connect, `scratch`, `plugin`, `executeTemplate`,
/// `writeToFile`, `sockaddr`, hashes, YAML/TOML and Sprig; query namespaces, partitions, peers and `~near`.
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
    public init(name: String, source: String, options: ConsulTemplateOptions = ConsulTemplateOptions())
        throws(TemplateError)
    {
        self.name = name
        self.source = source
        self.options = options
        _ = try parse(pass: RenderPass(answers: [:], environment: [:], unixTime: 0))
    }

    /// Renders over `answers`, with `environment` for `env` and the system clock for `timestamp`.
    public func render(answers: [TemplateQuery: QueryAnswer], environment: [String: String]) -> RenderOutcome {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return render(answers: answers, environment: environment, unixTime: Int(now.tv_sec))
    }

    /// Renders over `answers`, with `environment` for `env` and `unixTime` (seconds since 1970 UTC) as the time
    /// `timestamp` prints, so that a test can fix the clock.
    ///
    /// An error met while some query is unanswered is not reported: the empty stand-ins for the missing data
    /// can cause it (`index (service "api") 0` of an empty list), and the pass that has every answer either
    /// renders or reports it.
    public func render(answers: [TemplateQuery: QueryAnswer], environment: [String: String], unixTime: Int)
        -> RenderOutcome
    {
        let pass = RenderPass(answers: answers, environment: environment, unixTime: unixTime)
        do {
            let template = try parse(pass: pass)
            let text = try template.render(.nil)
            let (queries, missing) = pass.recorded
            return RenderOutcome(text: missing.isEmpty ? text : nil, queries: queries, missing: missing, error: nil)
        } catch {
            let (queries, missing) = pass.recorded
            return RenderOutcome(text: nil, queries: queries, missing: missing, error: missing.isEmpty ? error : nil)
        }
    }

    private func parse(pass: RenderPass) throws(TemplateError) -> Template {
        try Template(
            name: name, source: source,
            options: TemplateOptions(
                leftDelimiter: options.leftDelimiter, rightDelimiter: options.rightDelimiter,
                // consul-template renders with Go's `missingkey=zero`; its maps (`.ServiceMeta`, `.NodeMeta`,
                // `.TaggedAddresses`) hold strings, so a missing key is "".
                missingKey: options.errorOnMissingKey ? .error : .zero(.string(""))),
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
    /// Seconds since 1970 UTC: the time `timestamp` prints.
    let unixTime: Int
    private let record = Mutex(Record())

    init(answers: [TemplateQuery: QueryAnswer], environment: [String: String], unixTime: Int) {
        self.answers = answers
        self.environment = environment
        self.unixTime = unixTime
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

    /// Records `query` as missing although it was answered: `safeLs` and `safeTree` refuse an empty answer.
    func markMissing(_ query: TemplateQuery) {
        record.withLock { record in
            record.queries.insert(query)
            record.missing.insert(query)
        }
    }

    /// The queries made, and those without an answer.
    var recorded: (queries: Set<TemplateQuery>, missing: Set<TemplateQuery>) {
        record.withLock { ($0.queries, $0.missing) }
    }
}
