import ContainerPilotConfig
import Foundation
import Testing

/// The configuration parser refuses a metric named as one pilot reports itself; its list must follow the code
/// that reports them.
@Suite struct ReservedMetricNamesTests {
    static let sources = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appending(path: "Sources")

    @Test func everyMetricPilotReportsIsANameAConfigurationCannotTake() throws {
        let files = ["PilotAgent/Telemetry/PilotMetrics.swift", "ConsulAPI/Transport/ConsulMetrics.swift"]
        var labels: [String] = []
        for file in files {
            let text = try String(contentsOf: Self.sources.appending(path: file), encoding: .utf8)
            labels += text.matches(of: /label: "([a-z_]+)"/).map { String($0.output.1) }
        }
        #expect(labels.count >= 10, "\(labels)")
        for label in labels {
            #expect(TelemetryConfiguration.namesPilotReports.contains(label), "\(label)")
        }
    }
}
