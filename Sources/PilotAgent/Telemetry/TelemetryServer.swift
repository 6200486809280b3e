import Logging
import ServiceLifecycle

/// `GET /metrics` over TCP (`TELEMETRY_PORT`), on a listener bound before the agent started.
struct TelemetryServer: Service, CustomStringConvertible {
    let listener: HTTPListener
    let logger: Logger
    /// The collectors of a ContainerPilot configuration's `telemetry.metrics`, shown after pilot's own metrics.
    var configuredMetrics: ConfiguredMetrics? = nil

    var description: String { "TelemetryServer(\(listener.endpoint))" }

    func run() async throws {
        logger.info("metrics endpoint ready", metadata: ["address": "\(listener.endpoint)"])
        await withGracefulShutdownHandler {
            await listener.serve { request in
                guard request.path == "/metrics" else { return .error("no such endpoint: \(request.path)", status: 404) }
                guard request.method == "GET" else { return .error("only GET is allowed on /metrics", status: 405) }
                return ControlServer.metricsReply(Telemetry.registry, configured: configuredMetrics)
            }
        } onGracefulShutdown: {
            listener.drain()
        }
    }
}
