import DiscoveryModel

/// What reaches the `services.json` publisher: a dependency's answer, or a timer it asked for.
enum PublisherEvent: Sendable {
    /// A dependency's healthy instances, as its watch last saw them.
    case update(dependency: String, instances: [ServiceInstance])
    /// A deadline the publisher set has come.
    case timer
}
