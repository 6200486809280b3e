public import ConsulAPI
import Foundation

/// A real cluster of Consul servers on one machine, each on its own loopback address (127.0.0.1, .2, .3),
/// for tests of what happens when the leader goes away.
public final class ConsulCluster: Sendable {
    /// The servers, in address order.
    public let servers: [ConsulDevAgent]

    /// Creates (but does not start) `size` servers named after `name`.
    public init(name: String, size: Int = 3) throws {
        servers = try (1...size).map { index in
            try ConsulDevAgent(name: "\(name)-\(index)", mode: .server(bootstrapExpect: size), bindAddress: "127.0.0.\(index)")
        }
    }

    /// Starts every server, each told to join the others, and waits until they have elected a leader.
    public func start() async throws {
        let addresses = servers.map(\.serfLANAddress)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for server in servers {
                group.addTask { try await server.start(join: addresses.filter { $0 != server.serfLANAddress }) }
            }
            try await group.waitForAll()
        }
    }

    /// The HTTP addresses of every server, in order.
    public var httpAddresses: [ConsulAddress] { servers.map(\.httpAddress) }

    /// The server that leads now, as the given client sees it.
    public func leader(asSeenBy client: ConsulClient) async throws -> ConsulDevAgent? {
        let leader = try await client.status.leader()
        return servers.first { leader.hasPrefix("\($0.bindAddress):") }
    }

    /// Stops every server.
    public func stop() {
        for server in servers { server.stop() }
    }
}
