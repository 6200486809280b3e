import ArgumentParser
import DiscoveryModel
import FoundationEssentials

/// The ways `pilot lint` prints its report.
enum LintReportFormat: String, ExpressibleByArgument, CaseIterable {
    /// `file:line:column: error: message [rule]` lines and a summary, as compilers print.
    case text
    /// One JSON object: every finding with its place, and the counts.
    case json
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::…`), which annotate the diff.
    case github

    /// The report's text, ending with a newline.
    func render(_ report: LintReport) -> String {
        switch self {
        case .text: Self.renderText(report)
        case .json: Self.renderJSON(report)
        case .github: Self.renderGitHub(report)
        }
    }

    private static func renderText(_ report: LintReport) -> String {
        var lines: [String] = []
        for file in report.files {
            if let malformed = file.malformed { lines.append(malformedLine(malformed)) }
            lines.append(contentsOf: file.diagnostics.map(\.description))
        }
        lines.append(report.summary)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func malformedLine(_ error: DependencyFileError) -> String {
        let place = error.location.map(\.description) ?? error.file
        let subject = error.key.map { "\"\($0)\": " } ?? ""
        return "\(place): error: \(subject)\(error.message)"
    }

    private static func renderGitHub(_ report: LintReport) -> String {
        var lines: [String] = []
        for file in report.files {
            if let malformed = file.malformed {
                let location = malformed.location ?? SourceLocation(file: malformed.file, line: 1, column: 1)
                let subject = malformed.key.map { "\"\($0)\": " } ?? ""
                lines.append(annotation("error", location, title: "pilot lint", message: subject + malformed.message))
            }
            for diagnostic in file.diagnostics {
                lines.append(annotation(
                    diagnostic.severity.rawValue, diagnostic.location,
                    title: "pilot lint (\(diagnostic.rule.rawValue))", message: diagnostic.message))
            }
        }
        lines.append(report.summary)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func annotation(_ level: String, _ location: SourceLocation, title: String, message: String) -> String {
        let properties = "file=\(escapeProperty(location.file)),line=\(location.line),col=\(location.column),"
            + "title=\(escapeProperty(title))"
        return "::\(level) \(properties)::\(escapeData(message))"
    }

    /// GitHub's escaping of a workflow command's message.
    private static func escapeData(_ text: String) -> String {
        text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
    }

    /// GitHub's escaping of a workflow command's property value.
    private static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }

    private struct JSONReport: Encodable {
        struct Finding: Encodable {
            var file: String
            var line: Int?
            var column: Int?
            var rule: String
            var severity: String
            var message: String
        }
        var files: Int
        var errors: Int
        var warnings: Int
        var malformed: Int
        var findings: [Finding]
    }

    private static func renderJSON(_ report: LintReport) -> String {
        var findings: [JSONReport.Finding] = []
        for file in report.files {
            if let malformed = file.malformed {
                let subject = malformed.key.map { "\"\($0)\": " } ?? ""
                findings.append(.init(
                    file: malformed.file, line: malformed.location?.line, column: malformed.location?.column,
                    rule: "malformed", severity: "error", message: subject + malformed.message))
            }
            for diagnostic in file.diagnostics {
                findings.append(.init(
                    file: diagnostic.location.file, line: diagnostic.location.line, column: diagnostic.location.column,
                    rule: diagnostic.rule.rawValue, severity: diagnostic.severity.rawValue, message: diagnostic.message))
            }
        }
        let document = JSONReport(
            files: report.files.count, errors: report.errorCount, warnings: report.warningCount,
            malformed: report.malformedCount, findings: findings)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and numbers cannot fail.
        let data = try! encoder.encode(document)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
