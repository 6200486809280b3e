import ArgumentParser
import DiscoveryModel

/// `pilot-bench encode`: the CPU cost of turning a large ``ServicesDocument`` into the bytes of `services.json`
/// and back, the work the agent does on every change of any dependency (issue 11, defect 8).
struct EncodeBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Build, encode and decode a services.json of many dependencies; print its size and the ms of each."
    )

    @Option(help: "Dependencies in the document.")
    var dependencies = 200

    @Option(help: "Instances of each dependency.")
    var instances = 20

    @Option(help: "Runs; the median and the slowest are printed.")
    var runs = 200

    @Flag(help: "Give every other instance an IPv6 address, to measure the canonical IPv6 form too.")
    var ipv6 = false

    func run() throws {
        let instancesByService = makeInstances()
        let document = ServicesDocument(instancesByService)
        let size = document.encoded().utf8.count
        var buildTimes: [Double] = []
        var encodeTimes: [Double] = []
        var decodeTimes: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<runs {
            let start = clock.now
            // What the agent does on every change: the document from every dependency's instances, then its
            // bytes (as the publisher asks for them).
            let built = ServicesDocument(instancesByService)
            let afterBuild = clock.now
            let encoded = Array(built.encoded().utf8)
            let afterEncode = clock.now
            let decoded = try ServicesDocument(decoding: encoded)
            let end = clock.now
            precondition(decoded == document, "the document does not survive a round trip")
            buildTimes.append(LintBenchmark.milliseconds(afterBuild - start))
            encodeTimes.append(LintBenchmark.milliseconds(afterEncode - afterBuild))
            decodeTimes.append(LintBenchmark.milliseconds(end - afterEncode))
        }
        print("pilot-bench encode: \(dependencies) dependencies x \(instances) instances, \(size) bytes, \(runs) runs")
        for (name, times) in [("build ", buildTimes), ("encode", encodeTimes), ("decode", decodeTimes)] {
            let median = Self.format(LintBenchmark.median(times))
            print("\(name) ms: median \(median), slowest \(Self.format(times.max() ?? 0))")
        }
    }

    /// Dependencies `dep-0`… with instances `10.a.b.c:port`, as Consul would report a fleet, each sorted
    /// as a watch delivers them.
    private func makeInstances() -> [String: [ServiceInstance]] {
        var instancesByService: [String: [ServiceInstance]] = [:]
        for dependency in 0..<dependencies {
            instancesByService["dep-\(dependency)"] = (0..<instances).map { instance in
                if ipv6, instance % 2 == 1 {
                    return ServiceInstance(host: "2001:db8::\(dependency):\(instance)", port: 8000 + instance)
                }
                return ServiceInstance(
                    host: "10.\(dependency / 250).\(dependency % 250).\(instance + 1)", port: 20_000 + instance)
            }.sorted()
        }
        return instancesByService
    }

    /// Milliseconds with three decimals.
    private static func format(_ milliseconds: Double) -> String {
        let thousandths = Int((milliseconds * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
