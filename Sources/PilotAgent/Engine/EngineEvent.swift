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
    /// `source` will publish nothing more: its job is done (and not replaced by a reload), or, for `global`,
    /// the shutdown event has been published. Published by the engine after the source's last event, so a job
    /// waiting for an event of it knows that it will never come.
    case ended(EventSource)
    /// A reload replaced `source`'s job: what follows from it is the new process's. Published by the engine
    /// right before the new job starts, after every event of the old one; jobs take no notice of it.
    case replaced(EventSource)

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
        case .ended(let source): "the end of \(source)"
        case .replaced(let source): "the replacement of \(source)"
        }
    }
}
