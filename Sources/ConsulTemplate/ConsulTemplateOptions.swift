/// How a consul-template template is parsed and rendered.
public struct ConsulTemplateOptions: Hashable, Sendable {
    /// The left delimiter (`left_delimiter`, `{{` by default).
    public var leftDelimiter: String
    /// The right delimiter (`right_delimiter`, `}}` by default).
    public var rightDelimiter: String
    /// Whether a missing map key is an error (`error_on_missing_key`) instead of Go's `<no value>`.
    public var errorOnMissingKey: Bool

    /// Options; the defaults are consul-template's.
    public init(leftDelimiter: String = "{{", rightDelimiter: String = "}}", errorOnMissingKey: Bool = false) {
        self.leftDelimiter = leftDelimiter
        self.rightDelimiter = rightDelimiter
        self.errorOnMissingKey = errorOnMissingKey
    }
}
