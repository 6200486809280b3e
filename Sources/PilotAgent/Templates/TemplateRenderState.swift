import ConsulTemplate

/// When each template renders, and which queries must be watched, with no I/O.
///
/// - Every template renders at start (its first pass finds the queries it makes).
/// - An answer that differs from the last one known marks every template that used its query as changed;
///   each template's ``ChangeCoalescer`` (its `wait`) then says when it renders. Templates due at the same
///   moment render in one pass.
/// - An answer equal to the last one changes nothing (Consul's index moved without a change).
/// - The queries to watch are those the templates used in their latest pass: a query a range no longer reaches
///   stops being watched; one a new answer reveals starts.
struct TemplateRenderState: Sendable {
    private struct Entry: Sendable {
        var coalescer: ChangeCoalescer
        var queries: Set<TemplateQuery> = []
    }

    private var entries: [Entry]
    /// The newest answer to each query.
    private(set) var answers: [TemplateQuery: QueryAnswer] = [:]

    /// The state for templates with these waits, in order, knowing `answers` already (a reload keeps them).
    init(waits: [(minimum: Duration, maximum: Duration)], answers: [TemplateQuery: QueryAnswer] = [:]) {
        entries = waits.map { Entry(coalescer: ChangeCoalescer(quietPeriod: $0.minimum, maximumDelay: $0.maximum)) }
        self.answers = answers
    }

    /// The engine started at `now`: every template is due.
    mutating func started(at now: ContinuousClock.Instant) {
        for index in entries.indices { entries[index].coalescer.changed(at: now) }
    }

    /// `query` was answered at `now`; whether the answer is new.
    mutating func answered(_ query: TemplateQuery, _ answer: QueryAnswer, at now: ContinuousClock.Instant) -> Bool {
        guard answers[query] != answer else { return false }
        answers[query] = answer
        for index in entries.indices where entries[index].queries.contains(query) {
            entries[index].coalescer.changed(at: now)
        }
        return true
    }

    /// The templates to render at `now`, and when to decide again if some wait (`nil`: at the next answer).
    func due(at now: ContinuousClock.Instant) -> (templates: [Int], wakeAt: ContinuousClock.Instant?) {
        var templates: [Int] = []
        var wake: ContinuousClock.Instant?
        for (index, entry) in entries.enumerated() {
            switch entry.coalescer.decision(at: now) {
            case .writeNow: templates.append(index)
            case .waitUntil(let instant): wake = min(wake ?? instant, instant)
            case .idle: break
            }
        }
        return (templates, wake)
    }

    /// Template `index` rendered from `start` to `end` and used `queries`.
    mutating func rendered(
        _ index: Int, queries: Set<TemplateQuery>, from start: ContinuousClock.Instant, to end: ContinuousClock.Instant
    ) {
        entries[index].queries = queries
        entries[index].coalescer.wrote(from: start, to: end)
        // An answer that came for a query this pass found for the first time was not marked: it is in the
        // render already, since the pass read every answer known.
    }

    /// The queries some template needs.
    var neededQueries: Set<TemplateQuery> {
        entries.reduce(into: Set()) { $0.formUnion($1.queries) }
    }
}
