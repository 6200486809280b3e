import ConsulAPI
import ContainerPilotConfig
import DiscoveryModel
import Glibc
import Logging

/// The brief's Consul client agent, run by pilot as a second job when `CONSUL_ADDR` is unset and
/// `CONSUL_JOIN_ADDR` is set: `consul agent -data-dir … -retry-join … -advertise … -client …`, always
/// restarted, and on shutdown asked to leave the cluster before it is stopped.
enum ConsulClientAgentJob {
    /// The job's name in logs and status.
    static let name = "consul-agent"

    /// The job for `configuration`, whose HTTP address pilot then talks to.
    static func job(for configuration: AgentConfiguration, client: ConsulClient?) -> EngineJob {
        let settings = configuration.settings
        let address = configuration.consul.addresses[0]
        var arguments = ["consul", "agent", "-data-dir", configuration.consulAgentDataDirectory,
                         "-client", address.host, "-http-port", String(address.port)]
        for join in settings.consulJoinAddresses { arguments += ["-retry-join", join] }
        if let advertise = settings.consulAdvertise {
            // Bound to the advertised address too: with several private addresses Consul will not guess.
            arguments += ["-advertise", advertise.description, "-bind", advertise.description]
        }
        arguments += configuration.consulAgentArguments
        var job = EngineJob(JobConfiguration(
            name: name, exec: arguments, stopTimeout: configuration.stopTimeout, rawLogging: true,
            location: SourceLocation(file: "CONSUL_AGENT", line: 0, column: 0)))
        job.restartRule = .supervised(.always)
        job.handle = JobHandle(name: name)
        job.beforeStop = {
            // Leaving tells the servers at once; a killed agent would linger as failed for a while. A
            // leave that gets no answer must not hold up the stop.
            guard let client else { return }
            _ = try? await Deadline.run(within: .seconds(5)) { try await client.agent.leave() }
        }
        return job
    }

    /// What the client agent keeps of its registrations in its data directory: services, checks with their
    /// last status (`checks/state`), and sidecar proxies.
    static let registrationFolders = ["services", "checks", "proxy"]

    /// Removes the registrations a previous life of this container left in the agent's data directory, before
    /// the agent starts. Consul restores them at start, a TTL check with the status it had if its TTL has not
    /// run out: a container restarted within the TTL would be synced to the servers as passing before its new
    /// `./ping` ran, and a service it no longer runs would stay registered. pilot registers what it runs
    /// itself; the node's identity (`node-id`) and Serf's snapshot are kept. A part that cannot be removed is
    /// reported and the start goes on.
    static func forgetPreviousRegistrations(in dataDirectory: String, logger: Logger) {
        for folder in registrationFolders {
            do {
                try FileSystem.removeTree(folder, in: dataDirectory)
            } catch {
                logger.warning(
                    "cannot remove the Consul agent's saved registrations; it may restore a previous life's",
                    metadata: ["path": "\(error.path)", "reason": "\(error.reason)"])
            }
        }
    }
}
