import ArgumentParser

/// Benchmarks of pilot: commands that print their figures.
@main
struct PilotBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pilot-bench",
        abstract: "Measure pilot's speed and memory; every subcommand prints its figures.",
        subcommands: [
            LintBenchmark.self, EncodeBenchmark.self, PropagationBenchmark.self, WatchLoadBenchmark.self,
            ScaleBenchmark.self, LoadBenchmark.self, FootprintBenchmark.self, OrderBenchmark.self, ReloadRecorder.self,
            ContainerPilotBenchmark.self, TemplateBenchmark.self, FleetBenchmark.self,
        ]
    )
}
