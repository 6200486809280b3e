public import GoTemplate

/// The result of one render pass of a template over the answers known so far.
public struct RenderOutcome: Sendable {
    /// The rendered text; `nil` while a query the template used has no answer yet (a file is never written
    /// from partial data) or when rendering failed.
    public var text: String?
    /// Every query this pass used, answered or not: the watches the template needs now.
    public var queries: Set<TemplateQuery>
    /// The queries this pass used that have no answer yet; also those answered with nothing the template can
    /// use, which consul-template waits on as well: a `key` that does not exist, a `file` that cannot be read, a
    /// `safeLs`/`safeTree` prefix without keys (the watch stays; the text waits for the next answer).
    public var missing: Set<TemplateQuery>
    /// Why rendering failed (located at the template's line and column, naming the function), if it did. Only
    /// set when every query had an answer: while one is missing, its empty stand-in can itself cause an error
    /// (`index (service "api") 0`), so the pass reports only ``missing`` and the complete pass tells.
    public var error: TemplateError?

    /// Whether the render was abandoned because its task was cancelled (its owner is stopping).
    public var wasCancelled: Bool { error?.code == .cancelled }

    /// An outcome.
    public init(text: String?, queries: Set<TemplateQuery>, missing: Set<TemplateQuery>, error: TemplateError?) {
        self.text = text
        self.queries = queries
        self.missing = missing
        self.error = error
    }
}
