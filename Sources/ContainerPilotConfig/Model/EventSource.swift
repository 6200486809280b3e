/// Where the event a job waits for comes from (`when.source`).
public enum EventSource: Hashable, Sendable, CustomStringConvertible {
    /// ContainerPilot itself: `startup`, `shutdown` and the maintenance events.
    case global
    /// A UNIX signal received by ContainerPilot (`SIGHUP`, `SIGUSR2`).
    case signal(ConfigurationSignal)
    /// A watch, written `watch.NAME`; the associated value is the watch's name without the prefix.
    case watch(String)
    /// A job, by its name.
    case job(String)

    /// Reads a `when.source` value; the prefix `watch.` names a watch.
    public init(parsing text: String) {
        if text == "global" {
            self = .global
        } else if let signal = ConfigurationSignal(rawValue: text) {
            self = .signal(signal)
        } else if text.hasPrefix(Self.watchPrefix) {
            self = .watch(String(text.dropFirst(Self.watchPrefix.count)))
        } else {
            self = .job(text)
        }
    }

    /// The prefix of a watch's events' source.
    static let watchPrefix = "watch."

    /// The source as the configuration writes it (`global`, `SIGHUP`, `watch.db`, `app`).
    public var description: String {
        switch self {
        case .global: "global"
        case .signal(let signal): signal.rawValue
        case .watch(let name): Self.watchPrefix + name
        case .job(let name): name
        }
    }
}

/// The UNIX signals a job can be started by (`when.source`).
public enum ConfigurationSignal: String, Hashable, Sendable, CaseIterable {
    /// `SIGHUP`.
    case hangup = "SIGHUP"
    /// `SIGUSR2`.
    case user2 = "SIGUSR2"
}
