import ConsulAPI
import Foundation
import Testing
import TestSupport

/// ContainerPilot's `test_telemetry` scenario: `/metrics` on the telemetry port serves the configured collectors,
/// a sensor job records into them with `-putmetric`, and the endpoint is registered in Consul as the service
/// `containerpilot` for as long as the agent runs.
@Suite(.serialized) struct TelemetryScenarioTests {
    typealias Scenario = ContainerPilotScenario

    /// The value of the sample named exactly `name` in a Prometheus text body, if there is one.
    private func sample(_ name: String, in body: String) -> Double? {
        for line in UnixSocketHTTP.samples(body) {
            let words = line.split(separator: " ")
            if words.count >= 2, words[0] == name { return Double(words[1]) }
        }
        return nil
    }

    @Test func sensorRecordsIntoTheConfiguredMetricsAndTelemetryIsRegisteredAsContainerpilot() async throws {
        try await withContainerPilotScenario("cp-telemetry") { scenario in
            let port = FreePorts.take(1)[0]
            let config = scenario.configurationFile.path(percentEncoded: false)
            let pilotPath = PilotAgent.executable.path(percentEncoded: false)
            // As ContainerPilot's sensor.sh: the sensor calls the agent's own command.
            let sensor = """
                \(pilotPath) -config \(config) -putmetric containerpilot_app_some_counter=42 \
                && echo sensor-sent >> \(scenario.path("events"))
                """
            try scenario.writeConfiguration([
                "jobs": [
                    [
                        "name": "app", "port": 8000, "interfaces": Scenario.loopback, "exec": ["sleep", "1000"],
                        "health": Scenario.passingHealth,
                    ],
                    ["name": "sensor", "exec": Scenario.shell(sensor), "when": ["source": "app", "once": "healthy"]],
                ],
                "telemetry": [
                    "port": port, "interfaces": Scenario.loopback, "tags": ["metrics"],
                    "metrics": [
                        [
                            "namespace": "containerpilot", "subsystem": "app", "name": "some_counter",
                            "help": "what the sensor counted", "type": "counter",
                        ],
                        ["name": "room_temperature", "help": "set by the test", "type": "gauge"],
                    ],
                ],
            ])
            let pilot = try scenario.start()
            try await scenario.waitForEvent("sensor-sent")
            let metricsURL = "http://127.0.0.1:\(port)/metrics"
            let counter = try await Polling.until("the counter on /metrics") { () -> Double? in
                let reply = try UnixSocketHTTP.request(nil, "GET", metricsURL)
                return reply.status == 200 ? sample("containerpilot_app_some_counter", in: reply.body) : nil
            }
            #expect(counter == 42)

            // A gauge takes the value it is given, the last one wins.
            for value in ["21.5", "19"] {
                let put = try await ContainerPilotControlTests.pilot(
                    ["-config", config, "-putmetric", "room_temperature=\(value)"], in: scenario.directory)
                #expect(put.status == 0, "\(put.log)")
            }
            let body = try UnixSocketHTTP.request(nil, "GET", metricsURL).body
            #expect(sample("room_temperature", in: body) == 19, "\(body)")
            #expect(body.contains("# HELP containerpilot_app_some_counter what the sensor counted"), "\(body)")

            let telemetry = try await scenario.waitForPassingInstance("containerpilot")
            #expect(telemetry.service.port == port)
            #expect(telemetry.service.address == "127.0.0.1")
            #expect(telemetry.service.tags == ["metrics"])

            #expect(try await scenario.terminate(pilot).status == 0)
            #expect(try await scenario.instances("containerpilot").isEmpty, "deregistered when the agent stops")
        }
    }
}
