import DiscoveryModel

/// What `pilot lint` found over all its files: each file's diagnostics, or why it could not be read.
struct LintReport {
    /// One checked file.
    struct FileResult {
        /// The path as given.
        var file: String
        /// The findings, when the file could be parsed.
        var diagnostics: [Diagnostic]
        /// Why the file could not be used, when it could not.
        var malformed: DependencyFileError?
    }

    /// The files in the order given.
    private(set) var files: [FileResult] = []

    /// Records a file that was linted.
    mutating func add(file: String, diagnostics: [Diagnostic]) {
        files.append(FileResult(file: file, diagnostics: diagnostics, malformed: nil))
    }

    /// Records a file that could not be read or parsed.
    mutating func add(file: String, malformed: DependencyFileError) {
        files.append(FileResult(file: file, diagnostics: [], malformed: malformed))
    }

    /// Every diagnostic, in file order.
    var diagnostics: [Diagnostic] { files.flatMap(\.diagnostics) }
    /// How many diagnostics are errors.
    var errorCount: Int { diagnostics.count { $0.severity == .error } }
    /// How many diagnostics are warnings.
    var warningCount: Int { diagnostics.count { $0.severity == .warning } }
    /// How many files could not be used.
    var malformedCount: Int { files.count { $0.malformed != nil } }

    /// `2 errors and 1 warning in 3 files`, or `3 files checked: no problems`.
    var summary: String {
        let fileWord = files.count == 1 ? "1 file" : "\(files.count) files"
        var parts: [String] = []
        if malformedCount > 0 { parts.append(Self.count(malformedCount, "unreadable or malformed file")) }
        if errorCount > 0 { parts.append(Self.count(errorCount, "error")) }
        if warningCount > 0 { parts.append(Self.count(warningCount, "warning")) }
        guard !parts.isEmpty else { return "\(fileWord) checked: no problems" }
        return "\(parts.joined(separator: ", ")) (\(fileWord) checked)"
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        number == 1 ? "1 \(noun)" : "\(number) \(noun)s"
    }
}
