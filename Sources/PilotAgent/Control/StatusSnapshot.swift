/// What a running agent is doing, as `GET /v3/status` answers it (JSON) and `pilot status` shows it.
public struct StatusSnapshot: Codable, Sendable, Equatable {
    /// The service's registration in Consul.
    public struct Registration: Codable, Sendable, Equatable {
        public var name: String
        public var id: String
        public var address: String
        public var port: Int
        public var registered: Bool
        public var maintenance: Bool
        public var check: String
        public var checkOutput: String
        public var checkUpdated: Timestamp?
    }

    /// A job of the engine (a ContainerPilot configuration's, or the environment contract's), as it last
    /// changed.
    public struct Job: Codable, Sendable, Equatable {
        public var name: String
        /// `waiting`, `running`, `stopping` or `finished`.
        public var state: String
        public var pid: Int32?
        /// `unknown`, `healthy`, `unhealthy` or `maintenance`.
        public var health: String
        public var since: Timestamp
    }

    /// The managed service's process.
    public struct Process: Codable, Sendable, Equatable {
        public var pid: Int32?
        public var state: String
        public var restarts: Int
        public var lastExit: String?
    }

    /// One dependency and its healthy instances.
    public struct Dependency: Codable, Sendable, Equatable {
        public var name: String
        public var instances: [String]
        public var lastChanged: Timestamp?
    }

    /// One file rendered from a template.
    public struct Template: Codable, Sendable, Equatable {
        /// The template file.
        public var source: String
        /// The file written.
        public var destination: String
        /// How many times the file was written (a render whose bytes were already there does not count).
        public var renders: Int
        /// When the file was last written.
        public var lastRender: Timestamp?
        /// The queries still without an answer: the first render waits for them.
        public var waitingFor: [String]
        /// The last render or write error, until a render succeeds.
        public var lastError: String?
        /// How many runs of the command failed.
        public var commandFailures: Int
        /// The last failed command's output, until a run succeeds.
        public var lastCommandError: String?
    }

    /// How Consul is reached.
    public struct Consul: Codable, Sendable, Equatable {
        public var addresses: [String]
        public var reachable: Bool
        public var lastError: String?
    }

    public var version: String
    public var uptimeSeconds: Double
    public var registration: Registration?
    public var process: Process?
    public var dependencies: [Dependency]
    /// The engine's jobs, in the order they were first seen.
    public var jobs: [Job]
    /// The rendered templates, in the order they are configured.
    public var templates: [Template] = []
    public var servicesFile: String?
    public var consul: Consul
}
