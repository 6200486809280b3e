import ArgumentParser
import DiscoveryModel
import Glibc

/// `pilot-bench lint`: parse and lint a generated graph, at full size and at a tenth, and print the figures.
///
/// The one-line shapes put every finding on a single line, where a position found by rescanning the line
/// for each finding costs time quadratic in the findings (issue 11, defect 12).
struct LintBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Parse and lint a generated dependency graph; print services, edges, parse ms, lint ms, peak memory."
    )

    /// The kinds of file the benchmark generates.
    enum Shape: String, ExpressibleByArgument, CaseIterable {
        /// A large graph of many lines with a few planted cycles.
        case graph
        /// `{"a":[],"a":[],...}`: one duplicate-key finding per key, all on one line.
        case oneLineDuplicates = "one-line-duplicates"
        /// `{"a":["m0","m1",...]}` linted with `--strict`: one missing finding per entry, all on one line.
        case oneLineMissing = "one-line-missing"
    }

    @Option(help: "What to generate: graph, one-line-duplicates or one-line-missing.")
    var shape: Shape = .graph

    @Option(help: "Findings in the full-size one-line file (default 50000 duplicates, 40000 missing).")
    var findings: Int?

    @Option(help: "Services in the full-size graph.")
    var services = 100_000

    @Option(help: "Edges in the full-size graph.")
    var edges = 1_000_000

    @Option(help: "Cycles to plant.")
    var cycles = 5

    @Option(help: "Runs per size; the median is printed.")
    var runs = 3

    func run() throws {
        guard shape == .graph else { return try runOneLine() }
        print("pilot-bench lint: \(runs) runs per size, median shown")
        print("services    edges      bytes        parse ms  lint ms  total ms  cycles found")
        var totals: [Double] = []
        for scale in [10, 1] {
            let graph = SyntheticGraph(services: services / scale, edges: edges / scale, cycles: cycles)
            let text = graph.text()
            var parseTimes: [Double] = []
            var lintTimes: [Double] = []
            var found = 0
            var edgeCount = 0
            for _ in 0..<runs {
                let clock = ContinuousClock()
                let parseStart = clock.now
                let manifest = try DependencyManifest(source: SourceText(path: "bench.json", bytes: text))
                let parsed = clock.now
                let dependencyGraph = DependencyGraph(manifest)
                let diagnostics = Linter().lint(manifest, graph: dependencyGraph)
                let linted = clock.now
                parseTimes.append(Self.milliseconds(parsed - parseStart))
                lintTimes.append(Self.milliseconds(linted - parsed))
                found = diagnostics.count { $0.rule == .cycle }
                edgeCount = dependencyGraph.edgeCount
            }
            let parse = Self.median(parseTimes)
            let lint = Self.median(lintTimes)
            totals.append(parse + lint)
            print(
                Self.column(graph.services, 12) + Self.column(edgeCount, 11) + Self.column(text.count, 13)
                    + Self.column(Int(parse.rounded()), 10) + Self.column(Int(lint.rounded()), 9)
                    + Self.column(Int((parse + lint).rounded()), 10) + String(found))
        }
        print("growth from 1/10 to full size: \(String(format1: totals[1] / totals[0]))x time for 10x input")
        print("peak memory (max RSS): \(Self.peakResidentMegabytes()) MB")
    }

    /// Times parse, lint and the rendering of every finding's line for a one-line shape, at a tenth and at
    /// full size, so that the growth shows whether the cost is linear.
    private func runOneLine() throws {
        let full = findings ?? (shape == .oneLineDuplicates ? 50_000 : 40_000)
        print("pilot-bench lint --shape \(shape.rawValue): \(runs) runs per size, median shown")
        print("findings  bytes      parse ms  lint ms  render ms  total ms")
        var totals: [Double] = []
        for count in [full / 10, full] {
            let text = Self.oneLineText(shape, findings: count)
            let linter = Linter(options: LintOptions(strict: shape == .oneLineMissing))
            var times: [(parse: Double, lint: Double, render: Double)] = []
            var found = 0
            for _ in 0..<runs {
                let clock = ContinuousClock()
                let start = clock.now
                let manifest = try DependencyManifest(source: SourceText(path: "bench.json", bytes: text))
                let parsed = clock.now
                let diagnostics = linter.lint(manifest)
                let linted = clock.now
                let rendered = diagnostics.map(\.description).joined(separator: "\n")
                let done = clock.now
                found = diagnostics.count
                precondition(!rendered.isEmpty)
                times.append((
                    Self.milliseconds(parsed - start), Self.milliseconds(linted - parsed),
                    Self.milliseconds(done - linted)))
            }
            let parse = Self.median(times.map(\.parse))
            let lint = Self.median(times.map(\.lint))
            let render = Self.median(times.map(\.render))
            totals.append(parse + lint + render)
            print(
                Self.column(found, 10) + Self.column(text.count, 11) + Self.column(Int(parse.rounded()), 10)
                    + Self.column(Int(lint.rounded()), 9) + Self.column(Int(render.rounded()), 11)
                    + String(Int((parse + lint + render).rounded())))
        }
        print("growth from 1/10 to full size: \(String(format1: totals[1] / totals[0]))x time for 10x input")
    }

    /// The bytes of a one-line file with `findings` findings of `shape`.
    static func oneLineText(_ shape: Shape, findings: Int) -> [UInt8] {
        var text = "{"
        switch shape {
        case .graph:
            preconditionFailure("not a one-line shape")
        case .oneLineDuplicates:
            // The first "a" is the declaration; every later one is a duplicate key.
            text += Array(repeating: #""a":[]"#, count: findings + 1).joined(separator: ",")
        case .oneLineMissing:
            text += #""a":["# + (0..<findings).map { "\"m\($0)\"" }.joined(separator: ",") + "]"
        }
        return Array((text + "}").utf8)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }

    static func median(_ values: [Double]) -> Double {
        values.sorted()[values.count / 2]
    }

    static func column(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text + String(repeating: " ", count: max(1, width - text.count))
    }

    static func peakResidentMegabytes() -> String {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return String(format1: Double(usage.ru_maxrss) / 1024)
    }
}

extension String {
    /// A number with one decimal.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(abs(tenths % 10))"
    }
}
