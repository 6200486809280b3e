/// The state of a Consul health check: `passing`, `warning`, `critical` or `maintenance`.
///
/// A struct rather than an enum so that a status a later Consul introduces decodes instead of failing.
public struct HealthStatus: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// Consul's spelling of the status.
    public var rawValue: String

    /// Wraps Consul's spelling of a status.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The check passes; the instance receives traffic.
    public static let passing = HealthStatus(rawValue: "passing")
    /// The check warns; the instance still counts as available unless a caller filters it out.
    public static let warning = HealthStatus(rawValue: "warning")
    /// The check fails; `passing` queries leave the instance out.
    public static let critical = HealthStatus(rawValue: "critical")
    /// The node or service is in maintenance mode.
    public static let maintenance = HealthStatus(rawValue: "maintenance")

    /// Creates a status from a JSON string.
    ///
    /// - Throws: `DecodingError` when the value is not a string.
    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Writes the status as a JSON string.
    ///
    /// - Throws: `EncodingError` from the encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }

    /// Consul's spelling.
    public var description: String { self.rawValue }

    /// How bad the status is, in Consul's order for aggregation: maintenance > critical > warning > passing.
    var severity: Int {
        switch self {
        case .passing: 0
        case .warning: 1
        case .critical: 2
        case .maintenance: 3
        default: 2
        }
    }
}
