/// How a blocking-query loop (``ConsulWatch``) paces itself so that many agents cannot storm the Consul servers.
///
/// The defaults follow consul-template: at least 100 ms between the starts of two calls, plus up to 20 ms of
/// random dither when that spacing applies; on errors an exponential backoff from 250 ms doubling up to one
/// minute, each delay drawn at random from its upper half ("equal jitter").
public struct BlockingQueryPolicy: Sendable, Hashable {
    /// How long Consul may hold each call (default five minutes, at most ten).
    public var wait: Duration
    /// The least time between the starts of two calls.
    public var minimumSpacing: Duration
    /// The most random time added when ``minimumSpacing`` delays a call.
    public var spacingDither: Duration
    /// The delay before the first retry after an error.
    public var initialBackoff: Duration
    /// The cap of the doubling backoff.
    public var maximumBackoff: Duration
    /// After this many failures in a row the watch throws the last error; `nil` retries for ever.
    public var maximumConsecutiveFailures: Int?
    /// Whether a connection failure resets the index to 0, so that the first call after recovery reads the
    /// current state at once instead of blocking on an index that a restarted or different agent may never
    /// reach. An index that goes backwards is reset regardless, as Consul documents.
    public var resetIndexAfterConnectionFailure: Bool
    /// When Consul answers again after an outage, a watch waiting out its backoff retries after a random delay
    /// below this instead, so that its file is right soon after Consul is back while many watches do not call
    /// at the same moment.
    public var recoveryJitter: Duration

    /// Creates a policy.
    public init(
        wait: Duration = BlockingQueryParameters.defaultWait,
        minimumSpacing: Duration = .milliseconds(100),
        spacingDither: Duration = .milliseconds(20),
        initialBackoff: Duration = .milliseconds(250),
        maximumBackoff: Duration = .seconds(60),
        maximumConsecutiveFailures: Int? = nil,
        resetIndexAfterConnectionFailure: Bool = true,
        recoveryJitter: Duration = .milliseconds(500)
    ) {
        self.wait = min(max(wait, .milliseconds(1)), BlockingQueryParameters.maximumWait)
        self.minimumSpacing = max(minimumSpacing, .zero)
        self.spacingDither = max(spacingDither, .zero)
        self.initialBackoff = max(initialBackoff, .milliseconds(1))
        self.maximumBackoff = max(maximumBackoff, self.initialBackoff)
        self.maximumConsecutiveFailures = maximumConsecutiveFailures
        self.resetIndexAfterConnectionFailure = resetIndexAfterConnectionFailure
        self.recoveryJitter = max(recoveryJitter, .zero)
    }

    /// The consul-template-like defaults described above.
    public static let `default` = BlockingQueryPolicy()
}
