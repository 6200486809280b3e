/// The grace a caller gives Consul when it has just started the agent it asks: failures before Consul's first
/// answer, within `patience` of the start, are the agent still starting, not trouble worth a warning. Pure: the
/// caller says when Consul answered and asks about each failure.
public struct StartPatience: Sendable {
    /// How long after the start failures before the first answer are excused; zero for none.
    public let patience: Duration
    /// When the caller started asking.
    public let started: ContinuousClock.Instant
    /// Whether Consul has answered once.
    public private(set) var answeredOnce = false

    /// A grace of `patience` from `started`.
    public init(_ patience: Duration, started: ContinuousClock.Instant = .now) {
        self.patience = patience
        self.started = started
    }

    /// Whether a failure at `now` is excused: Consul has not answered yet and the grace has not run out.
    public func excuses(at now: ContinuousClock.Instant = .now) -> Bool {
        !answeredOnce && now - started < patience
    }

    /// Consul answered: no later failure is excused.
    public mutating func answered() {
        answeredOnce = true
    }
}
