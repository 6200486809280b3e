/// The `/v1/agent/...` endpoints: what the local agent registers, reports and knows of its cluster.
///
/// Every method throws ``ConsulError`` (a 403 as ``ConsulError/Code/permissionDenied`` when the token lacks a
/// permission) or `CancellationError`.
public struct AgentEndpoints: Sendable {
    /// Consul keeps at most this many bytes of a check's output (`check_output_max_size`).
    public static let maximumCheckOutputBytes = 4096

    let client: ConsulClient

    /// Registers (or replaces) a service instance on the agent: `PUT /v1/agent/service/register`.
    ///
    /// - Parameter replaceExistingChecks: remove checks of the instance that `registration` does not list.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func register(_ registration: AgentServiceRegistration, replaceExistingChecks: Bool = false) async throws {
        var request = ConsulRequest(.put, "/v1/agent/service/register")
        if replaceExistingChecks {
            request.query.append(QueryItem("replace-existing-checks", "true"))
        }
        request.body = try self.client.encode(registration, for: request.endpoint)
        try await self.client.write(request)
    }

    /// Removes a service instance and its checks from the agent: `PUT /v1/agent/service/deregister/:id`.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func deregister(serviceID: String) async throws {
        try await self.client.write(ConsulRequest(.put, "/v1/agent/service/deregister/" + Self.segment(serviceID)))
    }

    /// Marks a TTL check passing: `PUT /v1/agent/check/pass/:id`.
    ///
    /// - Parameter note: text stored as the check's output.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func passCheck(_ checkID: String, note: String? = nil) async throws {
        try await self.reportTTL("pass", checkID, note: note)
    }

    /// Marks a TTL check warning: `PUT /v1/agent/check/warn/:id`.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func warnCheck(_ checkID: String, note: String? = nil) async throws {
        try await self.reportTTL("warn", checkID, note: note)
    }

    /// Marks a TTL check critical: `PUT /v1/agent/check/fail/:id`.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func failCheck(_ checkID: String, note: String? = nil) async throws {
        try await self.reportTTL("fail", checkID, note: note)
    }

    /// Sets a TTL check's status and output: `PUT /v1/agent/check/update/:id`.
    ///
    /// Output beyond ``maximumCheckOutputBytes`` is cut here (at a character boundary, with a note of the full
    /// size, as Consul itself does) so that a chatty health command never sends megabytes.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func updateCheck(_ checkID: String, status: HealthStatus, output: String) async throws {
        struct Update: Encodable {
            var status: HealthStatus
            var output: String

            enum CodingKeys: String, CodingKey {
                case status = "Status"
                case output = "Output"
            }
        }
        var request = ConsulRequest(.put, "/v1/agent/check/update/" + Self.segment(checkID))
        request.body = try self.client.encode(
            Update(status: status, output: Self.truncatedOutput(output)),
            for: request.endpoint
        )
        try await self.client.write(request)
    }

    /// Puts a service instance into maintenance mode, which makes it critical for `passing` queries:
    /// `PUT /v1/agent/service/maintenance/:id?enable=true&reason=...`.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func enableMaintenance(serviceID: String, reason: String) async throws {
        var query = [QueryItem("enable", "true")]
        if !reason.isEmpty {
            query.append(QueryItem("reason", reason))
        }
        try await self.client.write(
            ConsulRequest(.put, "/v1/agent/service/maintenance/" + Self.segment(serviceID), query: query)
        )
    }

    /// Takes a service instance out of maintenance mode.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func disableMaintenance(serviceID: String) async throws {
        try await self.client.write(
            ConsulRequest(
                .put,
                "/v1/agent/service/maintenance/" + Self.segment(serviceID),
                query: [QueryItem("enable", "false")]
            )
        )
    }

    /// The agent's configuration summary and membership: `GET /v1/agent/self`.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func selfInfo() async throws -> AgentSelf {
        try await self.client.query(ConsulRequest(.get, "/v1/agent/self"), as: AgentSelf.self).value
    }

    /// The members of the agent's LAN (or WAN) gossip pool: `GET /v1/agent/members`.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func members(wan: Bool = false) async throws -> [AgentMember] {
        let query = wan ? [QueryItem("wan", "1")] : []
        return try await self.client.query(
            ConsulRequest(.get, "/v1/agent/members", query: query),
            as: [AgentMember].self
        )
        .value
    }

    /// The service instances registered on this agent, by ID: `GET /v1/agent/services`.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func services() async throws -> [String: AgentService] {
        try await self.client.query(ConsulRequest(.get, "/v1/agent/services"), as: [String: AgentService].self).value
    }

    /// The checks registered on this agent, by ID: `GET /v1/agent/checks`.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func checks() async throws -> [String: HealthCheck] {
        try await self.client.query(ConsulRequest(.get, "/v1/agent/checks"), as: [String: HealthCheck].self).value
    }

    /// Asks the agent to join a cluster through the agent at `address` (`host` or `host:serf-port`):
    /// `PUT /v1/agent/join/:address`.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func join(_ address: String, wan: Bool = false) async throws {
        let query = wan ? [QueryItem("wan", "1")] : []
        try await self.client.write(ConsulRequest(.put, "/v1/agent/join/" + Self.segment(address), query: query))
    }

    /// Makes the agent leave its cluster gracefully and shut down: `PUT /v1/agent/leave`.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func leave() async throws {
        try await self.client.write(ConsulRequest(.put, "/v1/agent/leave"))
    }

    private func reportTTL(_ verb: String, _ checkID: String, note: String?) async throws {
        var request = ConsulRequest(.put, "/v1/agent/check/\(verb)/" + Self.segment(checkID))
        if let note {
            request.query.append(QueryItem("note", Self.truncatedOutput(note)))
        }
        try await self.client.write(request)
    }

    /// `output` cut at a character boundary so that, with a marker like Consul's own
    /// (` ... (captured 4000 of 10000 bytes)`), it fits ``maximumCheckOutputBytes`` and Consul keeps it whole.
    static func truncatedOutput(_ output: String) -> String {
        let total = output.utf8.count
        guard total > Self.maximumCheckOutputBytes else { return output }
        func marker(_ kept: Int) -> String { " ... (captured \(kept) of \(total) bytes)" }
        let budget = Self.maximumCheckOutputBytes - marker(Self.maximumCheckOutputBytes).utf8.count
        var kept = 0
        var end = output.startIndex
        for index in output.indices {
            let size = output[index].utf8.count
            guard kept + size <= budget else { break }
            kept += size
            end = output.index(after: index)
        }
        return String(output[..<end]) + marker(kept)
    }

    static func segment(_ text: String) -> String {
        PercentEncoding.encode(text, keepingSlashes: false)
    }
}
