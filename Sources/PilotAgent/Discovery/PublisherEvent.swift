import DiscoveryModel

/// What reaches the `services.json` publisher: a dependency's answer, or a timer it asked for.
enum PublisherEvent: Sendable {
    /// A dependency's healthy instances, as its watch last saw them, and when the answer arrived.
    case update(dependency: String, instances: [ServiceInstance], receivedAt: ContinuousClock.Instant)
    /// The list of dependencies changed (`POST /v3/reload`).
    case dependencies([String], keepLastKnown: Set<String>)
    /// A deadline the publisher set has come.
    case timer
}
