public import ConsulAPI
public import Foundation
public import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A real Consul agent on free loopback ports, for one test: a `-dev` server, or a client agent (with a data
/// directory) that joins one.
///
/// Started under `timeout -s KILL 600`, so that an agent left behind by a crashed test run still goes away.
/// Stopping kills consul at once (a dev agent keeps nothing worth a graceful leave); `timeout` then reaps it and
/// exits.
public final class ConsulDevAgent: Sendable {
    public static let consulPath = "/usr/bin/consul"

    /// Ports of one agent.
    public struct Ports: Sendable {
        public var http: Int
        public var serfLAN: Int
        public var serfWAN: Int
        public var server: Int
        public var https: Int?
    }

    /// Which kind of agent runs.
    public enum Mode: Sendable {
        /// `consul agent -dev`: a one-node server that elects itself leader.
        case devServer
        /// A client agent with no servers until it joins some.
        case client
        /// A server of a cluster of `bootstrapExpect` servers, which elect a leader once all have joined.
        case server(bootstrapExpect: Int)
    }

    public let nodeName: String
    public let mode: Mode
    public let ports: Ports
    /// Scratch directory for the agent's log and extra config.
    public let directory: URL
    private let extraConfig: String?
    private let readinessToken: ConsulToken?
    private let process = Mutex<Process?>(nil)
    private let generation = Mutex(0)

    /// The plain HTTP address of the agent.
    public var httpAddress: ConsulAddress { ConsulAddress(host: self.bindAddress, port: self.ports.http) }

    /// The loopback address the agent binds and serves on (127.0.0.1, or another of 127.0.0.0/8 for a cluster).
    public let bindAddress: String

    /// The agent's Serf LAN address, for others to join.
    public var serfLANAddress: String { "\(self.bindAddress):\(self.ports.serfLAN)" }

    /// The HTTPS address, when the agent was configured with one.
    public var httpsAddress: ConsulAddress? {
        self.ports.https.map { ConsulAddress(scheme: .https, host: self.bindAddress, port: $0) }
    }

    /// - Parameters:
    ///   - extraConfig: HCL passed with `-config-file`; `{{HTTPS_PORT}}` is replaced by a free port.
    ///   - readinessToken: the token to see the catalog with, for agents whose ACLs deny by default.
    public init(
        name: String, mode: Mode = .devServer, bindAddress: String = "127.0.0.1", extraConfig: String? = nil,
        readinessToken: ConsulToken? = nil
    ) throws {
        self.mode = mode
        self.bindAddress = bindAddress
        let taken = FreePorts.take(extraConfig?.contains("{{HTTPS_PORT}}") == true ? 5 : 4)
        self.ports = Ports(
            http: taken[0],
            serfLAN: taken[1],
            serfWAN: taken[2],
            server: taken[3],
            https: taken.count > 4 ? taken[4] : nil
        )
        self.nodeName = "\(name)-\(UUID().uuidString.prefix(8).lowercased())"
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("consul-\(self.nodeName)")
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        self.extraConfig = extraConfig?.replacingOccurrences(
            of: "{{HTTPS_PORT}}",
            with: "\(taken.count > 4 ? taken[4] : 0)"
        )
        self.readinessToken = readinessToken
    }

    /// Starts the agent and waits until it has a leader and its node is in the catalog.
    public func start(join: [String] = []) async throws {
        let run = self.generation.withLock { generation in
            generation += 1
            return generation
        }
        var arguments = ["-s", "KILL", "600", Self.consulPath, "agent"]
        switch self.mode {
        case .devServer:
            arguments.append("-dev")
        case .client:
            arguments += ["-data-dir", self.directory.appendingPathComponent("data-\(run)").path]
        case .server(let bootstrapExpect):
            arguments += [
                "-server", "-bootstrap-expect", "\(bootstrapExpect)",
                "-data-dir", self.directory.appendingPathComponent("data").path,
            ]
        }
        for address in join { arguments += ["-retry-join", address] }
        arguments += [
            "-bind", self.bindAddress, "-client", self.bindAddress,
            "-node", self.nodeName,
            "-http-port", "\(self.ports.http)",
            "-dns-port", "-1",
            "-grpc-port", "-1",
            "-serf-lan-port", "\(self.ports.serfLAN)",
            "-serf-wan-port", "\(self.ports.serfWAN)",
            "-server-port", "\(self.ports.server)",
        ]
        if let extraConfig {
            let file = self.directory.appendingPathComponent("extra.hcl")
            try extraConfig.write(to: file, atomically: true, encoding: .utf8)
            arguments += ["-config-file", file.path]
        }
        let logFile = self.directory.appendingPathComponent("consul-\(run).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: logFile)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? output.close()
        self.process.withLock { $0 = process }

        do {
            try await self.waitUntilReady()
        } catch {
            self.stop()
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            throw AgentFailedToStart(node: self.nodeName, log: String(log.suffix(4000)), cause: "\(error)")
        }
    }

    /// Kills the agent (and the `timeout` around it) and waits for it to exit. Safe to call more than once.
    public func stop() {
        guard
            let process = self.process.withLock({ process in
                defer { process = nil }
                return process
            })
        else { return }
        if process.isRunning {
            // Killing consul alone lets `timeout` reap it and exit; killing the group is the fallback.
            let pid = process.processIdentifier
            let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8))?
                .split(separator: " ")
                .compactMap { pid_t($0) } ?? []
            if children.isEmpty {
                _ = kill(-pid, SIGKILL)
            } else {
                children.forEach { _ = kill($0, SIGKILL) }
            }
        }
        process.waitUntilExit()
    }

    /// Stops and starts the agent on the same ports: its Raft index starts over.
    public func restart() async throws {
        self.stop()
        try await self.start()
    }

    /// Whether the agent's process is still running.
    public var isRunning: Bool {
        self.process.withLock { $0?.isRunning ?? false }
    }

    private func waitUntilReady() async throws {
        let client = try ConsulClient(
            configuration: ConsulConfiguration(
                addresses: [self.httpAddress],
                token: self.readinessToken,
                requestTimeout: .seconds(2)
            ),
            logger: Logger(label: "consul-dev-agent", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        do {
            if case .client = self.mode {
                _ = try await Polling.until("client agent at \(self.httpAddress)") { try await client.agent.selfInfo() }
                try await client.shutdown()
                return
            }
            _ = try await Polling.until("a leader at \(self.httpAddress)") {
                let leader = try await client.status.leader()
                return leader.isEmpty ? nil : leader
            }
            let node = self.nodeName
            _ = try await Polling.until("node \(node) in the catalog") {
                try await client.catalog.nodes().value.contains { $0.name == node } ? true : nil
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    struct AgentFailedToStart: Error, CustomStringConvertible {
        var node: String
        var log: String
        var cause: String
        var description: String { "consul dev agent \(self.node) did not start (\(self.cause)):\n\(self.log)" }
    }

    deinit {
        self.stop()
        try? FileManager.default.removeItem(at: self.directory)
    }
}

/// Runs `body` with a started dev agent and a client for it, and stops both afterwards, also when `body` throws.
public func withConsulDevAgent<T>(
    name: String,
    mode: ConsulDevAgent.Mode = .devServer,
    extraConfig: String? = nil,
    readinessToken: ConsulToken? = nil,
    _ body: (ConsulDevAgent) async throws -> T
) async throws -> T {
    let agent = try ConsulDevAgent(name: name, mode: mode, extraConfig: extraConfig, readinessToken: readinessToken)
    do {
        try await agent.start()
        let result = try await body(agent)
        agent.stop()
        return result
    } catch {
        agent.stop()
        throw error
    }
}

/// Runs `body` with a client of the given configuration and shuts the client down afterwards, also on errors.
public func withConsulClient<T>(
    _ configuration: ConsulConfiguration,
    logger: Logger = Logger(label: "consul-api-test", factory: { _ in SwiftLogNoOpLogHandler() }),
    _ body: (ConsulClient) async throws -> T
) async throws -> T {
    let client = try ConsulClient(configuration: configuration, logger: logger)
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}
