/// What counts as a missing service.
public struct LintOptions: Sendable {
    /// Every referenced service must be declared as a key (a leaf as `"service4": []`).
    public var strict: Bool
    /// Services known to exist elsewhere (a `--known` list, a live catalog); `nil` when none was given.
    /// With a list, a referenced service that is neither declared nor known is missing.
    public var knownServices: Set<String>?

    /// Creates options. The defaults accept undeclared leaves, as the brief's own example has them.
    public init(strict: Bool = false, knownServices: Set<String>? = nil) {
        self.strict = strict
        self.knownServices = knownServices
    }
}
