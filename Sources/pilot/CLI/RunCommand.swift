import ArgumentParser
import ConsulAPI
import ContainerPilotConfig
import DiscoveryModel
import Logging
import PilotAgent

/// `pilot run` (and `pilot` alone): the agent.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the agent: supervise SERVICE_COMMAND, register it in Consul and keep its health true.",
        discussion: """
            Configured by the environment (CONSUL_ADDR, CONSUL_JOIN_ADDR, CONSUL_ADVERTISE, CONSUL_PREFIX, \
            SERVICE_NAME, SERVICE_PORT, SERVICE_COMMAND, SERVICE_INTERFACE, SERVICE_SIGNAL_CHANGED), an optional \
            JSON5 file (--config) and the flags below. Precedence: flag > environment > file > default.

            Exit codes: the managed service's own when it ended by itself, 0 after SIGTERM, 1 on a failure at \
            run time, 2 on a usage or configuration error.
            """
    )

    @OptionGroup var options: RunOptions

    @Flag(help: "Print the effective configuration (secrets hidden) and exit.")
    var printConfig = false

    func run() async throws {
        let environment = ProcessEnvironment.current
        if let path = options.flags.config,
            ContainerPilotConfigFile.isContainerPilotConfiguration(path: path, environment: environment)
        {
            try await runContainerPilotConfiguration(path, environment: environment)
            return
        }
        let configuration: AgentConfiguration
        do {
            configuration = try AgentConfiguration(
                flags: options.flags, environment: ProcessEnvironment.current, systemHostname: ProcessEnvironment.hostname)
        } catch {
            StandardError.write("pilot: \(error)")
            throw ExitStatus.usage.exitCode
        }
        if printConfig {
            print(ConfigurationPrinter.text(configuration), terminator: "")
            return
        }
        LoggingSetup.bootstrap(
            format: configuration.logFormat, level: configuration.logLevel, redacting: configuration.consul.token)
        Telemetry.bootstrap()
        let logger = Logger(label: "pilot")
        let exitCode: Int32
        let flags = options.flags
        do {
            let resolve: @Sendable () throws -> AgentConfiguration = {
                try AgentConfiguration(
                    flags: flags, environment: ProcessEnvironment.current, systemHostname: ProcessEnvironment.hostname)
            }
            exitCode = try await Agent(configuration: configuration, resolve: resolve, logger: logger).run()
        } catch let error as SettingsError {
            StandardError.write("pilot: \(error)")
            throw ExitStatus.usage.exitCode
        } catch let error as DependencyFileError {
            StandardError.write("pilot: \(error)")
            throw ExitStatus.usage.exitCode
        } catch {
            logger.critical("\(error)")
            throw ExitStatus.failure.exitCode
        }
        if exitCode != 0 { throw ExitCode(exitCode) }
    }

    /// `pilot run --config FILE` where the file is a ContainerPilot configuration: it runs as `pilot -config FILE`
    /// runs it. pilot's other flags describe the environment contract and have no meaning for it.
    private func runContainerPilotConfiguration(_ path: String, environment: [String: String]) async throws {
        var onlyConfig = RunFlags()
        onlyConfig.config = path
        guard options.flags == onlyConfig, !printConfig else {
            StandardError.write(
                "pilot: --config \(path) is a ContainerPilot configuration; pilot run's other flags do not apply to "
                    + "it (its settings are in the file): give --config alone, or run pilot -config \(path)")
            throw ExitStatus.usage.exitCode
        }
        let status = await ContainerPilotCommandLine.runConfiguration(path, environment: environment)
        if status != 0 { throw ExitCode(status) }
    }
}
