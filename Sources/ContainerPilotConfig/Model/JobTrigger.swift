/// When a job's process starts (the job's `when`), resolved with ContainerPilot's defaults.
public enum JobTrigger: Hashable, Sendable {
    /// On an event from a source: once (`when.once`) or each time (`when.each`), giving up after `timeout`
    /// when the event has not come by then.
    case event(EventCode, from: EventSource, repetition: Repetition, timeout: Duration?)
    /// Each time ContainerPilot receives a signal (`when.source: "SIGHUP"`), giving up after `timeout` when it
    /// has not come by then.
    case signal(ConfigurationSignal, timeout: Duration?)
    /// Every period, from startup (`when.interval`).
    case interval(Duration)

    /// Whether the trigger fires once or every time.
    public enum Repetition: Hashable, Sendable {
        /// `when.once`.
        case once
        /// `when.each`.
        case each
    }

    /// A job without `when`: once, on the global `startup` event.
    public static let atStartup = JobTrigger.event(.startup, from: .global, repetition: .once, timeout: nil)
}
