import ContainerPilotConfig

/// Something that happened in the engine which jobs may react to: what ContainerPilot's bus carries.
///
/// It has the shape of ``JobTrigger`` so that matching an event against a job's `when` is a comparison: an event
/// code from a source (`exitSuccess` from job `setup`, `changed` from `watch.db`, `startup` from `global`), or a
/// UNIX signal received by the agent, which has no code of its own (`when: {source: "SIGHUP"}`).
enum EngineEvent: Hashable, Sendable, CustomStringConvertible {
    /// An event `code` from `source`.
    case event(EventCode, from: EventSource)
    /// The agent received this signal.
    case signal(ConfigurationSignal)

    /// The global event that starts jobs without `when`.
    static let startup = EngineEvent.event(.startup, from: .global)

    /// The event `code` published by job `name`.
    static func job(_ name: String, _ code: EventCode) -> EngineEvent {
        .event(code, from: .job(name))
    }

    /// The event as ContainerPilot's logs write it (`exitSuccess from setup`, `SIGHUP`), for messages.
    var description: String {
        switch self {
        case .event(let code, let source): "\(code.rawValue) from \(source)"
        case .signal(let signal): signal.rawValue
        }
    }
}
