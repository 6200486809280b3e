import ConsulTemplate

/// When each template renders and which queries must be watched, with no I/O.
///
/// - Every template renders at start (its first pass finds the queries it makes).
/// - An answer that differs from the last one known marks every template that used its query as changed;
///   each template's ``ChangeCoalescer`` (its `wait`) then says when it renders. Templates due at the same
///   moment render in one pass.
/// - An answer equal to the last one changes nothing (Consul's index moved without a change), and an answer to
///   a query no template uses any more is dropped (a late one from a watch just cancelled).
/// - The queries to watch are those the templates used in their latest pass: a query a range no longer reaches
///   stops being watched and its answer is forgotten, so that when a template asks it again it waits for a
///   fresh answer instead of rendering an old one as current.
/// - A pass that wrote nothing because data was missing is no write: the answer it waits for renders at once.
/// - A write that failed is tried again after a backoff (100 ms doubling to 5 s), changes or not, as
///   `services.json` is.
struct TemplateRenderState: Sendable {
    /// What a template's pass came to.
    enum PassResult: Sendable, Equatable {
        /// The file was written, or already held the text.
        case done
        /// Some query had no answer yet: nothing was written.
        case withheld
        /// The text could not be written; try again later.
        case writeFailed
    }

    private struct Entry: Sendable {
        var coalescer: ChangeCoalescer
        var wait: (minimum: Duration, maximum: Duration)
        var queries: Set<TemplateQuery> = []
        var retryAt: ContinuousClock.Instant?
        var retryBackoff = TemplateRenderState.initialRetry
    }

    static let initialRetry = Duration.milliseconds(100)
    static let maximumRetry = Duration.seconds(5)

    private var entries: [Entry]
    /// The newest answer to each query still watched.
    private(set) var answers: [TemplateQuery: QueryAnswer] = [:]

    /// The state for templates with these waits, in order, knowing `answers` already (a reload keeps those of the
    /// queries its templates still make).
    init(waits: [(minimum: Duration, maximum: Duration)], answers: [TemplateQuery: QueryAnswer] = [:]) {
        entries = waits.map {
            Entry(coalescer: ChangeCoalescer(quietPeriod: $0.minimum, maximumDelay: $0.maximum), wait: $0)
        }
        self.answers = answers
    }

    /// The engine started at `now`: every template is due.
    mutating func started(at now: ContinuousClock.Instant) {
        for index in entries.indices { entries[index].coalescer.changed(at: now) }
    }

    /// `query` was answered at `now`; whether the answer is new to a template that uses the query.
    mutating func answered(_ query: TemplateQuery, _ answer: QueryAnswer, at now: ContinuousClock.Instant) -> Bool {
        guard neededQueries.contains(query), answers[query] != answer else { return false }
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
            if let retryAt = entry.retryAt, retryAt <= now {
                templates.append(index)
                continue
            }
            switch entry.coalescer.decision(at: now) {
            case .writeNow: templates.append(index)
            case .waitUntil(let instant): wake = min(wake ?? instant, instant)
            case .idle: break
            }
            if let retryAt = entry.retryAt { wake = min(wake ?? retryAt, retryAt) }
        }
        return (templates, wake)
    }

    /// Template `index` rendered from `start` to `end`, used `queries`, and came to `result`.
    mutating func rendered(
        _ index: Int, queries: Set<TemplateQuery>, from start: ContinuousClock.Instant,
        to end: ContinuousClock.Instant, result: PassResult = .done
    ) {
        entries[index].queries = queries
        switch result {
        case .done:
            entries[index].coalescer.wrote(from: start, to: end)
            entries[index].retryAt = nil
            entries[index].retryBackoff = Self.initialRetry
        case .withheld:
            // Nothing was written: no history to merge the awaited answer with.
            let wait = entries[index].wait
            entries[index].coalescer = ChangeCoalescer(quietPeriod: wait.minimum, maximumDelay: wait.maximum)
            entries[index].retryAt = nil
        case .writeFailed:
            entries[index].coalescer.wrote(from: start, to: end)
            entries[index].retryAt = end + entries[index].retryBackoff
            entries[index].retryBackoff = min(entries[index].retryBackoff * 2, Self.maximumRetry)
        }
    }

    /// A pass ended (every template due has rendered): the answers of queries no template asks any more are
    /// forgotten, as their watches stop; one would be stale when a template asks the query again. (Not after
    /// each template: in the first pass after a reload, the templates not yet rendered have no queries yet.)
    mutating func passEnded() {
        let needed = neededQueries
        answers = answers.filter { needed.contains($0.key) }
    }

    /// Whether some template has a change it has not rendered yet (its `wait` holds it): the commands of the
    /// files already written wait for it, so that a command sees every file of the change (a failed write,
    /// which retries with a backoff, holds nothing).
    var hasPendingRenders: Bool {
        entries.contains { $0.coalescer.hasPending }
    }

    /// The queries some template needs.
    var neededQueries: Set<TemplateQuery> {
        entries.reduce(into: Set()) { $0.formUnion($1.queries) }
    }
}
