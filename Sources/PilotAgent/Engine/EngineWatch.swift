import ContainerPilotConfig
import DiscoveryModel

/// One watch as the engine runs it: a ContainerPilot configuration's watch (its events as `watch.<name>`), or a
/// dependency of the environment contract, whose every answer also goes to the `services.json` publisher.
struct EngineWatch: Sendable {
    /// What identifies a watch across reloads: its definition and the service it queries.
    struct Key: Hashable, Sendable {
        var configuration: WatchConfiguration
        var service: String
    }

    /// The watch's definition: `name` is its event source, `tag` and `dc` shape the query.
    var configuration: WatchConfiguration
    /// The service's name in Consul (a dependency's may differ from its name, `SERVICE_NAME_PREFIX`).
    var service: String
    /// Given every answer (the passing instances, sorted), when someone needs the instances themselves.
    var deliver: (@Sendable ([ServiceInstance]) -> Void)?

    /// A ContainerPilot watch.
    init(_ configuration: WatchConfiguration) {
        self.configuration = configuration
        self.service = configuration.name
    }

    /// A watch of `service` named `name`, whose answers go to `deliver`.
    init(name: String, service: String, deliver: @escaping @Sendable ([ServiceInstance]) -> Void) {
        configuration = WatchConfiguration(
            name: name, interval: .seconds(1), location: SourceLocation(file: "dependencies", line: 0, column: 0))
        self.service = service
        self.deliver = deliver
    }

    var key: Key { Key(configuration: configuration, service: service) }
}
