import ArgumentParser
import DiscoveryModel
import Glibc

/// `pilot-bench lint`: parse and lint a generated graph, at full size and at a tenth, and print the figures.
struct LintBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Parse and lint a generated dependency graph; print services, edges, parse ms, lint ms, peak memory."
    )

    @Option(help: "Services in the full-size graph.")
    var services = 100_000

    @Option(help: "Edges in the full-size graph.")
    var edges = 1_000_000

    @Option(help: "Cycles to plant.")
    var cycles = 5

    @Option(help: "Runs per size; the median is printed.")
    var runs = 3

    func run() throws {
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
