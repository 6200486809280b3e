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
/// | `GET /metrics` | the Prometheus text |
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
            // ContainerPilot records these into the collectors its `telemetry.metrics` defines; the environment
            // contract defines none, so every name is refused by name rather than dropped without a word.
            guard let values = try? JSONNodeDecoder().decode([String: MetricValue].self, from: request.body),
                !values.isEmpty
            else {
                return .error("expected a JSON object of metric names and values", status: 400)
            }
            return .error(
                "no such metric: \(values.keys.sorted().joined(separator: ", ")) (no telemetry metrics are configured)",
                status: 400)
        case ("GET", "/metrics"):
            return Self.metricsReply(metrics)
        case (_, "/v3/ping"), (_, "/v3/status"), (_, "/metrics"), (_, "/v3/maintenance/enable"),
            (_, "/v3/maintenance/disable"), (_, "/v3/reload"), (_, "/v3/environ"), (_, "/v3/env"), (_, "/v3/metric"):
            return .error("method \(request.method) is not allowed on \(request.path)", status: 405)
        default:
            return .error("no such endpoint: \(request.path)", status: 404)
        }
    }

    /// The Prometheus text of `registry`.
    static func metricsReply(_ registry: PrometheusCollectorRegistry) -> HTTPReply {
        HTTPReply(status: 200, contentType: "text/plain; version=0.0.4", body: registry.emitToBuffer())
    }

    private static let badJSON = HTTPReply.error("expected a JSON object of string values", status: 400)

    /// A metric's value in a `/v3/metric` body: a number, or a string as `-putmetric` sends it.
    private struct MetricValue: Decodable {
        init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer()
            if (try? value.decode(Double.self)) == nil { _ = try value.decode(String.self) }
        }
    }

    /// The body as an object of strings: `[:]` when empty, `nil` when it is not such an object.
    private static func stringObject(_ body: [UInt8]) -> [String: String]? {
        guard !body.isEmpty else { return [:] }
        return try? JSONNodeDecoder().decode([String: String].self, from: body)
    }
}
