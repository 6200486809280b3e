import JSONValues
import Logging
import Prometheus
import ServiceLifecycle

/// The control socket: HTTP over a Unix socket, to see and steer a running agent.
///
/// | endpoint | does |
/// |---|---|
/// | `GET /v3/ping` | answers `{"ok":true}` |
/// | `GET /v3/status` | the ``StatusSnapshot`` |
/// | `POST /v3/maintenance/enable` | out of rotation (body `{"reason": "..."}` optional) |
/// | `POST /v3/maintenance/disable` | back in rotation |
/// | `POST /v3/reload` | re-reads the dependency file and the configuration file |
/// | `POST /v3/environ` | `{"KEY": "value"}` for the next start of the service (`""` removes) |
/// | `POST /v3/metric` | `{"name": value}` into the configured collectors (``ConfiguredMetrics``), all or none |
/// | `GET /metrics` | the Prometheus text, pilot's own metrics then the configured collectors |
///
/// Every handler answers: a part that cannot act answers with an error, and a request in flight at
/// shutdown is answered 503 rather than left hanging.
struct ControlServer: Service, CustomStringConvertible {
    /// The bound socket.
    let listener: HTTPListener
    let status: AgentStatus
    /// What maintenance, reload and environment requests act on.
    let target: any ControlTarget
    let metrics: PrometheusCollectorRegistry
    let logger: Logger
    /// The collectors of a ContainerPilot configuration's `telemetry.metrics`; `nil` when none are configured.
    var configuredMetrics: ConfiguredMetrics? = nil

    var description: String { "ControlServer(\(listener.endpoint))" }

    func run() async throws {
        logger.info("control socket ready", metadata: ["path": "\(listener.endpoint)"])
        // Drained, not cancelled: a request already being handled gets its answer.
        await withGracefulShutdownHandler {
            await listener.serve { request in await route(request) }
        } onGracefulShutdown: {
            listener.drain()
        }
    }

    /// The reply to one request.
    func route(_ request: HTTPRequest) async -> HTTPReply {
        switch (request.method, request.path) {
        case ("GET", "/v3/ping"):
            return .json(["ok": true])
        case ("GET", "/v3/status"):
            return .json(status.snapshot)
        case ("POST", "/v3/maintenance/enable"):
            guard let body = Self.stringObject(request.body) else { return Self.badJSON }
            return await target.setMaintenance(
                true, reason: body["reason"] ?? "maintenance through the control socket")
        case ("POST", "/v3/maintenance/disable"):
            return await target.setMaintenance(false, reason: "")
        case ("POST", "/v3/reload"):
            return await target.reload()
        case ("POST", "/v3/environ"), ("POST", "/v3/env"):
            guard let variables = Self.stringObject(request.body), !request.body.isEmpty else { return Self.badJSON }
            return await target.setEnvironment(variables)
        case ("POST", "/v3/metric"):
            return recordMetrics(request.body)
        case ("GET", "/metrics"):
            return Self.metricsReply(metrics, configured: configuredMetrics)
        case (_, "/v3/ping"), (_, "/v3/status"), (_, "/metrics"), (_, "/v3/maintenance/enable"),
            (_, "/v3/maintenance/disable"), (_, "/v3/reload"), (_, "/v3/environ"), (_, "/v3/env"), (_, "/v3/metric"):
            return .error("method \(request.method) is not allowed on \(request.path)", status: 405)
        default:
            return .error("no such endpoint: \(request.path)", status: 404)
        }
    }

    /// The Prometheus text of `registry`, then that of the `configured` collectors.
    static func metricsReply(_ registry: PrometheusCollectorRegistry, configured: ConfiguredMetrics? = nil)
        -> HTTPReply
    {
        let body = registry.emitToBuffer() + Array((configured?.render() ?? "").utf8)
        return HTTPReply(status: 200, contentType: "text/plain; version=0.0.4", body: body)
    }

    private static let badJSON = HTTPReply.error("expected a JSON object of string values", status: 400)

    /// The body as an object of strings: `[:]` when empty, `nil` when it is not such an object.
    private static func stringObject(_ body: [UInt8]) -> [String: String]? {
        guard !body.isEmpty else { return [:] }
        return try? JSONNodeDecoder().decode([String: String].self, from: body)
    }
}
