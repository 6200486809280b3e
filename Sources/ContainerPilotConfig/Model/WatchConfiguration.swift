public import DiscoveryModel

/// A Consul service to watch (an element of `watches`); its events come from the source `watch.NAME`.
public struct WatchConfiguration: Hashable, Sendable {
    /// The Consul service's name.
    public var name: String
    /// How often ContainerPilot polls (`interval`, whole seconds); pilot's blocking queries may use it as a floor.
    public var interval: Duration
    /// Only instances with this tag (`tag`).
    public var tag: String?
    /// The Consul datacenter to ask (`dc`); `nil` for the agent's own.
    public var datacenter: String?
    /// Where the watch's definition starts, for messages of the engine.
    public var location: SourceLocation

    /// The source name of the watch's events, `watch.NAME`.
    public var eventSource: EventSource { .watch(name) }

    /// Creates a watch configuration.
    public init(
        name: String, interval: Duration, tag: String? = nil, datacenter: String? = nil, location: SourceLocation
    ) {
        self.name = name
        self.interval = interval
        self.tag = tag
        self.datacenter = datacenter
        self.location = location
    }
}

extension WatchConfiguration {
    /// Whether two watches have the same definition; where they stand in the file does not count, so that a
    /// reload keeps a watch when only the lines around it changed.
    public static func == (left: WatchConfiguration, right: WatchConfiguration) -> Bool {
        left.name == right.name && left.interval == right.interval && left.tag == right.tag
            && left.datacenter == right.datacenter
    }

    /// Hashes the definition, without the location, as ``==(_:_:)`` compares it.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(interval)
        hasher.combine(tag)
        hasher.combine(datacenter)
    }
}
