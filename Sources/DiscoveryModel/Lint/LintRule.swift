/// The checks `pilot lint` makes, each with a stable id for filters and annotations.
public enum LintRule: String, CaseIterable, Sendable, Codable {
    /// Services that depend on each other in a circle, including a service that lists itself.
    case cycle
    /// A referenced service that is not declared (with `--strict`) or known nowhere (with a known list).
    case missing
    /// A name that is not an RFC 1123 DNS label of at most 63 characters.
    case invalidName = "invalid-name"
    /// A service listed twice in one dependency list.
    case duplicateEntry = "duplicate-entry"
    /// A service declared as a key twice; JSON readers keep only one of the two lists.
    case duplicateKey = "duplicate-key"

    /// How serious a finding of this rule is.
    public var severity: Severity {
        switch self {
        case .duplicateEntry: .warning
        case .cycle, .missing, .invalidName, .duplicateKey: .error
        }
    }
}

/// How serious a diagnostic is: errors fail `pilot lint`, warnings are shown only.
public enum Severity: String, Sendable, Codable, Comparable {
    /// Shown, but `pilot lint` still exits 0.
    case warning
    /// Makes `pilot lint` exit 1.
    case error

    /// Errors sort after warnings.
    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .warning && rhs == .error
    }
}
