import ContainerPilotConfig
import Foundation
import Testing

/// The configuration parser refuses a metric named as one pilot reports itself; its list must follow the code
/// that reports them, wherever in the sources a swift-metrics metric is made.
@Suite struct ReservedMetricNamesTests {
    static let sources = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appending(path: "Sources")

    @Test func everyMetricPilotReportsIsANameAConfigurationCannotTake() throws {
        var labels: [String] = []
        let files = FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            labels += text.matches(of: /(?:Counter|Gauge|Timer|Recorder|Meter)\(label: "([a-z_:]+)"/)
                .map { String($0.output.1) }
        }
        #expect(labels.count >= 10, "\(labels)")
        for label in labels {
            #expect(TelemetryConfiguration.namesPilotReports.contains(label), "\(label)")
        }
    }
}
