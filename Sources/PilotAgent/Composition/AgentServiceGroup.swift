import ConsulAPI
import Logging
import ServiceLifecycle
import UnixSignals

/// The one service group of a running pilot, whichever front end composed its parts.
///
/// `SIGTERM` and `SIGINT` start a graceful shutdown that may take `gracefulShutdownLimit` before the group
/// cancels what is left; a ``ShutdownWatchdog`` appended last (so told first) ends pilot 5 s after that at the
/// latest. The Consul client is shut down when the group has ended, however it ended.
enum AgentServiceGroup {
    /// Makes the group for `services` with the watchdog added.
    static func make(
        _ services: [ServiceGroupConfiguration.ServiceConfiguration], gracefulShutdownLimit: Duration, logger: Logger
    ) -> ServiceGroup {
        var services = services
        services.append(.part(ShutdownWatchdog(limit: gracefulShutdownLimit + .seconds(5), logger: logger)))
        var configuration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = gracefulShutdownLimit
        return ServiceGroup(configuration: configuration)
    }

    /// Runs `group`, then shuts `client` down.
    static func run(_ group: ServiceGroup, closing client: ConsulClient) async throws {
        do {
            try await group.run()
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
    }
}
