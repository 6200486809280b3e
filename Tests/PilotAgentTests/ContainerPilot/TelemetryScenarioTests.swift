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

    /// An app, a sensor job started once the app is healthy, and telemetry on `port` with a counter
    /// (`containerpilot_app_some_counter`, from namespace, subsystem and name) and a gauge (`room_temperature`).
    private func writeConfiguration(_ scenario: Scenario, port: Int, sensor: String) throws {
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
    }

    @Test func telemetryEndpointIsRegisteredAsContainerpilotWhileTheAgentRuns() async throws {
        try await withContainerPilotScenario("cp-telemetry-service") { scenario in
            let port = FreePorts.take(1)[0]
            try writeConfiguration(scenario, port: port, sensor: "true")
            let pilot = try scenario.start()
            let telemetry = try await scenario.waitForPassingInstance("containerpilot")
            #expect(telemetry.service.port == port)
            #expect(telemetry.service.address == "127.0.0.1")
            #expect(telemetry.service.tags == ["metrics"])
            let reply = try UnixSocketHTTP.request(nil, "GET", "http://127.0.0.1:\(port)/metrics")
            #expect(reply.status == 200)
            // The configured collectors are served from the start, as Prometheus' client serves them.
            let help = "# HELP containerpilot_app_some_counter what the sensor counted"
            #expect(reply.body.contains(help), "\(reply.body)")
            #expect(reply.body.contains("# TYPE room_temperature gauge"), "\(reply.body)")

            #expect(try await scenario.terminate(pilot).status == 0)
            #expect(try await scenario.instances("containerpilot").isEmpty, "deregistered when the agent stops")
        }
    }

    @Test func sensorJobRecordsIntoTheConfiguredMetricsWithPutmetric() async throws {
        try await withContainerPilotScenario("cp-telemetry-sensor") { scenario in
            let port = FreePorts.take(1)[0]
            let config = scenario.configurationFile.path(percentEncoded: false)
            let pilotPath = PilotAgent.executable.path(percentEncoded: false)
            // As ContainerPilot's sensor.sh: the sensor calls the agent's own command.
            let sensor = """
                \(pilotPath) -config \(config) -putmetric containerpilot_app_some_counter=42 \
                && echo sensor-sent >> \(scenario.path("events"))
                """
            try writeConfiguration(scenario, port: port, sensor: sensor)
            let pilot = try scenario.start()
            try await scenario.waitForEvent("sensor-sent")
            let metricsURL = "http://127.0.0.1:\(port)/metrics"
            let counter = try await Polling.until("the counter on /metrics") { () -> Double? in
                let reply = try UnixSocketHTTP.request(nil, "GET", metricsURL)
                return reply.status == 200 ? sample("containerpilot_app_some_counter", in: reply.body) : nil
            }
            #expect(counter == 42)

            // A gauge takes the value it is given: the last one wins.
            for value in ["21.5", "19"] {
                let put = try await ContainerPilotControlTests.pilot(
                    ["-config", config, "-putmetric", "room_temperature=\(value)"], in: scenario.directory)
                #expect(put.status == 0, "\(put.log)")
            }
            let body = try UnixSocketHTTP.request(nil, "GET", metricsURL).body
            #expect(sample("room_temperature", in: body) == 19, "\(body)")
            #expect(try await scenario.terminate(pilot).status == 0)
        }
    }
}
