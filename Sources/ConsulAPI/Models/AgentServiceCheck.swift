/// A check registered together with a service (`Check` / `Checks` of a service registration).
///
/// For the agent's own use the TTL check is the one that matters: the registrant reports the state with
/// ``AgentEndpoints/passCheck(_:note:)`` and its siblings, and Consul marks the instance critical when the
/// reports stop. ``ttl(_:checkID:name:deregisterCriticalServiceAfter:)`` builds one.
public struct AgentServiceCheck: Codable, Hashable, Sendable {
    /// The check ID; Consul derives `service:<service ID>` when unset.
    public var checkID: String?
    /// The check's name.
    public var name: String?
    /// For a TTL check: how long a reported state holds before the check turns critical.
    public var ttl: Duration?
    /// For an HTTP check: the URL Consul polls.
    public var http: String?
    /// For a TCP check: the `host:port` Consul connects to.
    public var tcp: String?
    /// For HTTP and TCP checks: how often Consul runs them.
    public var interval: Duration?
    /// For HTTP and TCP checks: how long one run may take.
    public var timeout: Duration?
    /// Free text shown with the check.
    public var notes: String?
    /// The state the check starts in (Consul's default is critical).
    public var status: HealthStatus?
    /// Consul deregisters the service after the check has been critical this long (at least a minute; Consul's
    /// reaper runs every 30 seconds).
    public var deregisterCriticalServiceAfter: Duration?

    /// Creates a check; set the fields of exactly one kind (TTL, HTTP or TCP).
    public init(
        checkID: String? = nil,
        name: String? = nil,
        ttl: Duration? = nil,
        http: String? = nil,
        tcp: String? = nil,
        interval: Duration? = nil,
        timeout: Duration? = nil,
        notes: String? = nil,
        status: HealthStatus? = nil,
        deregisterCriticalServiceAfter: Duration? = nil
    ) {
        self.checkID = checkID
        self.name = name
        self.ttl = ttl
        self.http = http
        self.tcp = tcp
        self.interval = interval
        self.timeout = timeout
        self.notes = notes
        self.status = status
        self.deregisterCriticalServiceAfter = deregisterCriticalServiceAfter
    }

    /// A TTL check, the kind a registrant keeps beating itself.
    public static func ttl(
        _ ttl: Duration,
        checkID: String? = nil,
        name: String? = nil,
        deregisterCriticalServiceAfter: Duration? = nil
    ) -> AgentServiceCheck {
        AgentServiceCheck(
            checkID: checkID,
            name: name,
            ttl: ttl,
            deregisterCriticalServiceAfter: deregisterCriticalServiceAfter
        )
    }

    enum CodingKeys: String, CodingKey {
        case checkID = "CheckID"
        case name = "Name"
        case ttl = "TTL"
        case http = "HTTP"
        case tcp = "TCP"
        case interval = "Interval"
        case timeout = "Timeout"
        case notes = "Notes"
        case status = "Status"
        case deregisterCriticalServiceAfter = "DeregisterCriticalServiceAfter"
    }

    /// Decodes a check definition, with durations as Go duration strings (`"10s"`).
    ///
    /// - Throws: `DecodingError` when a duration is not a Go duration string or a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func duration(_ key: CodingKeys) throws -> Duration? {
            guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let value = Duration(goDuration: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key,
                    in: container,
                    debugDescription: "\"\(text)\" is not a duration such as 10s"
                )
            }
            return value
        }
        self.checkID = try container.decodeIfPresent(String.self, forKey: .checkID)
        self.name = try container.decodeIfPresent(String.self, forKey: .name)
        self.ttl = try duration(.ttl)
        self.http = try container.decodeIfPresent(String.self, forKey: .http)
        self.tcp = try container.decodeIfPresent(String.self, forKey: .tcp)
        self.interval = try duration(.interval)
        self.timeout = try duration(.timeout)
        self.notes = try container.decodeIfPresent(String.self, forKey: .notes)
        self.status = try container.decodeIfPresent(HealthStatus.self, forKey: .status)
        self.deregisterCriticalServiceAfter = try duration(.deregisterCriticalServiceAfter)
    }

    /// Encodes the check as Consul expects it, omitting unset fields.
    ///
    /// - Throws: `EncodingError` from the encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(self.checkID, forKey: .checkID)
        try container.encodeIfPresent(self.name, forKey: .name)
        try container.encodeIfPresent(self.ttl?.goDurationString, forKey: .ttl)
        try container.encodeIfPresent(self.http, forKey: .http)
        try container.encodeIfPresent(self.tcp, forKey: .tcp)
        try container.encodeIfPresent(self.interval?.goDurationString, forKey: .interval)
        try container.encodeIfPresent(self.timeout?.goDurationString, forKey: .timeout)
        try container.encodeIfPresent(self.notes, forKey: .notes)
        try container.encodeIfPresent(self.status, forKey: .status)
        try container.encodeIfPresent(
            self.deregisterCriticalServiceAfter?.goDurationString,
            forKey: .deregisterCriticalServiceAfter
        )
    }
}
