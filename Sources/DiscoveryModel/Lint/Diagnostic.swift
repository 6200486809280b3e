/// One finding of lint: which rule, how serious, where, and what to do about it.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// The rule that found it.
    public var rule: LintRule
    /// How serious it is.
    public var severity: Severity
    /// Where it is.
    public var location: SourceLocation
    /// What is wrong, in words for the user.
    public var message: String

    /// Creates a diagnostic with the rule's own severity.
    public init(rule: LintRule, location: SourceLocation, message: String) {
        self.rule = rule
        self.severity = rule.severity
        self.location = location
        self.message = message
    }

    /// `file:line:column: error: message [rule]`, as compilers print.
    public var description: String {
        "\(location): \(severity.rawValue): \(message) [\(rule.rawValue)]"
    }
}
