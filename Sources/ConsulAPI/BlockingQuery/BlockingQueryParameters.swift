/// The `index` and `wait` of one blocking query.
///
/// With ``index`` 0 the call does not block: it returns the current state and its index at once. With an index
/// above 0 Consul holds the call until the state's index passes it, or until ``wait`` (plus up to `wait / 16` of
/// jitter that Consul adds) has elapsed.
public struct BlockingQueryParameters: Sendable, Hashable {
    /// Consul allows at most ten minutes.
    public static let maximumWait: Duration = .seconds(600)
    /// Consul's default when no wait is given.
    public static let defaultWait: Duration = .seconds(300)

    /// The `X-Consul-Index` of the previous reply; 0 for a call that does not block.
    public var index: UInt64
    /// The longest time Consul should hold the call, clamped to 1 ms...10 minutes.
    public var wait: Duration

    /// Creates blocking parameters; `wait` is clamped to at most ten minutes.
    public init(index: UInt64, wait: Duration = BlockingQueryParameters.defaultWait) {
        self.index = index
        self.wait = min(max(wait, .milliseconds(1)), Self.maximumWait)
    }

    /// Whether Consul will hold the call.
    public var blocks: Bool { self.index > 0 }

    /// The deadline the HTTP call needs so that a blocking call is never cut short: `wait × 17/16` (Consul adds
    /// up to `wait / 16` of jitter) plus `slack` for the network and the server's own work.
    public func readTimeout(slack: Duration) -> Duration {
        guard self.blocks else { return slack }
        return self.wait + self.wait / 16 + slack
    }
}
