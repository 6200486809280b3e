/// How a template is read and rendered.
public struct TemplateOptions: Sendable {
    /// The text that opens an action; empty means `{{`.
    public var leftDelimiter: String
    /// The text that closes an action; empty means `}}`.
    public var rightDelimiter: String
    /// What a field naming a missing map key yields.
    public var missingKey: MissingKeyPolicy

    /// Go's defaults: `{{ }}` and `missingkey=default`.
    public init(leftDelimiter: String = "{{", rightDelimiter: String = "}}", missingKey: MissingKeyPolicy = .noValue)
    {
        self.leftDelimiter = leftDelimiter
        self.rightDelimiter = rightDelimiter
        self.missingKey = missingKey
    }
}

/// What `{{ .Name }}` yields when the map has no `Name`: Go's `missingkey` option.
public enum MissingKeyPolicy: Sendable, Hashable {
    /// Go's `missingkey=default` for `map[string]any`: nil, printed as `<no value>`.
    case noValue
    /// Go's `missingkey=zero`: the zero value of the map's element type, given here because values carry no
    /// static type. ContainerPilot's environment is a `map[string]string`, so its missing keys are `.string("")`.
    case zero(TemplateValue)
    /// Go's `missingkey=error` (consul-template's `error_on_missing_key`): rendering fails.
    case error
}
