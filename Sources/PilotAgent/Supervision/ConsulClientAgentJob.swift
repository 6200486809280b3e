import ConsulAPI
import ContainerPilotConfig
import DiscoveryModel
import Glibc

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
}
