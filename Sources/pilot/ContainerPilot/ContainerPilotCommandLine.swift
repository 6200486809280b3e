import ConsulAPI
import ContainerPilotConfig
import DiscoveryModel
import Glibc
import GoTemplate
import Logging
import PilotAgent

/// Runs a ContainerPilot command line (`pilot -config FILE -template`, `pilot -reload`, `pilot -ping`, ...)
/// with ContainerPilot's meaning, talking to the running agent's control socket.
enum ContainerPilotCommandLine {
    /// Runs the command line (without the program name) and returns the exit status: 0 done, 1 a failure at
    /// run time (the agent did not answer or refused), 2 a usage or configuration error.
    static func run(_ arguments: [String]) async -> Int32 {
        let flags: ContainerPilotFlags
        do {
            flags = try ContainerPilotFlags(parsing: arguments)
        } catch {
            return usage("\(error)")
        }
        let environment = ProcessEnvironment.current
        let configPath = ContainerPilotConfigFile.path(flag: flags.config, environment: environment)
        switch flags.action {
        case .version:
            print("Version: \(PilotVersion.current)\nGitHash: unknown")
            return ExitStatus.success.rawValue
        case .template(let out):
            guard let configPath else { return usage("-template needs -config PATH or the CONTAINERPILOT variable") }
            do {
                let rendered = try ContainerPilotConfigFile.render(path: configPath, environment: environment)
                if let out {
                    try AtomicFile.write(Array(rendered.text.utf8), to: out)
                } else {
                    print(rendered.text, terminator: "")
                }
                return ExitStatus.success.rawValue
            } catch let error as AtomicFile.Failure {
                StandardError.write("pilot: -out: \(error)")
                return ExitStatus.failure.rawValue
            } catch {
                return usage("\(error)")
            }
        case .run:
            guard let configPath else {
                return usage("-config needs a file (or set the CONTAINERPILOT variable)")
            }
            return await runConfiguration(configPath, environment: environment)
        case .reload:
            return await call(.post, "/v3/reload", configPath: configPath, environment: environment)
        case .maintenance(let enable):
            let path = enable ? "/v3/maintenance/enable" : "/v3/maintenance/disable"
            return await call(.post, path, configPath: configPath, environment: environment)
        case .putEnvironment(let variables):
            return await call(.post, "/v3/environ", body: variables, configPath: configPath, environment: environment)
        case .putMetrics(let metrics):
            return await call(.post, "/v3/metric", body: metrics, configPath: configPath, environment: environment)
        case .ping:
            let status = await call(.get, "/v3/ping", configPath: configPath, environment: environment)
            if status == ExitStatus.success.rawValue { print("ok") }
            return status
        }
    }

    /// Runs the configuration at `path` until its jobs are done or pilot is told to stop.
    static func runConfiguration(_ path: String, environment: [String: String]) async -> Int32 {
        let configuration: ContainerPilotConfiguration
        do {
            configuration = try ContainerPilotConfigFile.load(path: path, environment: environment)
        } catch {
            return usage("\(error)")
        }
        let logging = configuration.logging
        let destination: LogDestination
        switch logging.output {
        case .stdout: destination = .standardOutput
        case .stderr: destination = .standardError
        case .file(let file): destination = .file(path: file)
        }
        do {
            try LoggingSetup.bootstrap(
                format: logging.format == .json ? .json : .text, level: logLevel(logging.level),
                destination: destination, redacting: configuration.consul.token.map(ConsulToken.init))
        } catch {
            return usage("logging.output: \(error)")
        }
        Telemetry.bootstrap()
        let logger = Logger(label: "pilot")
        for warning in configuration.warnings { logger.warning("\(warning)") }
        do {
            return try await ContainerPilotAgent(
                path: path, configuration: configuration, environment: environment, logger: logger
            ).run()
        } catch let error as SettingsError {
            return usage("\(error)")
        } catch let error as ConsulError where error.code == .invalidConfiguration {
            return usage("\(error)")
        } catch {
            logger.critical("\(error)")
            return ExitStatus.failure.rawValue
        }
    }

    /// swift-log's level for ContainerPilot's `logging.level` (`fatal` and `panic` are `critical`).
    private static func logLevel(_ level: LoggingConfiguration.Level) -> Logger.Level {
        switch level {
        case .debug: .debug
        case .info: .info
        case .warn: .warning
        case .error: .error
        case .fatal, .panic: .critical
        }
    }

    /// Calls the agent on the socket the configuration names (`control.socket`), or, without a configuration,
    /// `PILOT_CONTROL_SOCKET` or the default.
    private static func call(
        _ method: ControlClient.Method, _ path: String, body: [String: String]? = nil, configPath: String?,
        environment: [String: String]
    ) async -> Int32 {
        var socket = environment["PILOT_CONTROL_SOCKET"] ?? ControlSocket.defaultPath
        if let configPath {
            do {
                socket = try ContainerPilotConfigFile.load(path: configPath, environment: environment).controlSocketPath
            } catch {
                return usage("\(error)")
            }
        }
        do {
            _ = try await ControlClient(socket: socket).call(method, path, body: body)
            return ExitStatus.success.rawValue
        } catch {
            StandardError.write("pilot: \(error)")
            return ExitStatus.failure.rawValue
        }
    }

    private static func usage(_ message: String) -> Int32 {
        StandardError.write("pilot: \(message)")
        return ExitStatus.usage.rawValue
    }
}
