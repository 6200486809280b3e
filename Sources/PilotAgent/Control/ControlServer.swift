import FoundationEssentials
import Glibc
import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// The control socket: HTTP over a Unix socket, to see and steer a running agent.
///
/// | endpoint | does |
/// |---|---|
/// | `GET /v3/ping` | answers `{"ok":true}` |
/// | `GET /v3/status` | the ``AgentStatus`` snapshot |
/// | `POST /v3/maintenance/enable` | out of rotation (body `{"reason": "..."}` optional) |
/// | `POST /v3/maintenance/disable` | back in rotation |
/// | `POST /v3/reload` | re-reads the dependency file and the configuration file |
/// | `POST /v3/environ` | `{"KEY": "value"}` for the next start of the service (`""` removes) |
/// | `GET /metrics` | the Prometheus text |
struct ControlServer: Service {
    let path: String
    let mode: mode_t
    let group: gid_t?
    let status: AgentStatus
    let registration: RegistrationControl?
    let reloader: AgentReloader
    let job: JobHandle?
    let metrics: PrometheusCollectorRegistry
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger

    func run() async throws {
        let router = Router()
        router.get("/v3/ping") { _, _ in Self.json(["ok": true]) }
        router.get("/v3/status") { _, _ in Self.json(status.snapshot) }
        router.post("/v3/maintenance/enable") { request, _ in
            let body = try await Self.body(request, as: [String: String].self) ?? [:]
            return await setMaintenance(true, reason: body["reason"] ?? "maintenance through the control socket")
        }
        router.post("/v3/maintenance/disable") { _, _ in await setMaintenance(false, reason: "") }
        router.post("/v3/reload") { _, _ in
            do {
                let change = try await reloader.reload()
                return Self.json(["added": change.added, "removed": change.removed, "dependencies": change.dependencies])
            } catch {
                return Self.json(["error": "\(error)"], status: .badRequest)
            }
        }
        router.post("/v3/environ") { request, _ in
            guard let job else { return Self.json(["error": "pilot runs no service (SERVICE_COMMAND is unset)"], status: .conflict) }
            guard let variables = try await Self.body(request, as: [String: String].self) else {
                return Self.json(["error": "expected a JSON object of string values"], status: .badRequest)
            }
            job.setEnvironment(variables)
            return Self.json(["environment": job.environment])
        }
        router.get("/metrics") { _, _ in Self.metricsResponse(metrics) }

        let app = Application(
            router: router,
            configuration: .init(address: .unixDomainSocket(path: path), serverName: "pilot"),
            onServerRunning: { [path, mode, group, logger] _ in
                ControlSocket.secure(path, mode: mode, group: group)
                logger.info("control socket ready", metadata: ["path": "\(path)"])
            },
            eventLoopGroupProvider: .shared(eventLoopGroup),
            logger: logger)
        try await app.run()
        unlink(path)
    }

    private func setMaintenance(_ enabled: Bool, reason: String) async -> Response {
        guard let registration else {
            return Self.json(["error": "pilot registers nothing (SERVICE_PORT is unset)"], status: .conflict)
        }
        do {
            try await registration.setMaintenance(enabled, reason: reason)
            return Self.json(["maintenance": enabled])
        } catch {
            return Self.json(["error": "\(error)"], status: .serviceUnavailable)
        }
    }

    static func metricsResponse(_ registry: PrometheusCollectorRegistry) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }

    private static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: Array(data) + [UInt8(ascii: "\n")])))
    }

    /// The request body decoded, `nil` when it is empty; a malformed body throws a 400.
    private static func body<Value: Decodable>(_ request: Request, as type: Value.Type) async throws -> Value? {
        let buffer = try await request.body.collect(upTo: 65536)
        guard buffer.readableBytes > 0 else { return nil }
        do {
            return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
        } catch {
            throw HTTPError(.badRequest, message: "expected a JSON object of strings")
        }
    }
}

