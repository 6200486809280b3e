import ConsulAPI
import ServiceLifecycle

/// Feeds the status read model with Consul's reachability as every call of the client sees it: the
/// registration's, the watches', the probe's. A discovery-only agent thus shows Consul unreachable during
/// an outage, and the last error clears as soon as Consul answers again.
struct ConsulReachabilityFeed: Service, CustomStringConvertible {
    let client: ConsulClient
    let status: AgentStatus

    var description: String { "ConsulReachabilityFeed" }

    func run() async throws {
        for await change in client.reachabilityChanges().cancelOnGracefulShutdown() {
            switch change {
            case .reachable: status.record(.consul(reachable: true, error: nil))
            case .unreachable(let error): status.record(.consul(reachable: false, error: error))
            }
        }
    }
}
