public import Logging

/// An endless sequence of a Consul read's content, yielding a value each time the content changes.
///
/// The first value is the current state; after that the watch long-polls with blocking queries and yields only
/// when a reply's content differs from the last value yielded (comparing values, not indexes: a blocking call
/// may return on a timeout or an idempotent write). Pacing and backoff follow ``BlockingQueryPolicy``; the index
/// follows Consul's documented rules: an index that goes backwards resets the loop to 0, an index of 0 in a reply
/// counts as 1, and two calls with index 0 are never sent back to back without a pause.
///
/// Errors do not end the watch: they are logged and retried with backoff, until
/// ``BlockingQueryPolicy/maximumConsecutiveFailures`` (if set) is reached, which throws the last error. Shutting
/// the client down ends the watch with ``ConsulError/Code/clientShutDown``. ``logging(to:failures:)`` chooses the
/// logger and whether every failed call is logged or only each change between answering and failing.
/// Cancelling the consuming task cancels the in-flight HTTP call at once and ends the sequence (`nil`).
///
/// ```swift
/// for try await instances in consul.health.watchService("db", query: .init(passingOnly: true)) {
///     print(instances.map(\.instanceEndpoint))
/// }
/// ```
public struct ConsulWatch<Value: Equatable & Sendable>: AsyncSequence, Sendable {
    /// Each element is the content after a change.
    public typealias Element = Value
    /// Reads one state, blocking per the parameters.
    public typealias Fetch = @Sendable (BlockingQueryParameters) async throws -> ConsulQueryResult<Value>

    private let name: String
    private let policy: BlockingQueryPolicy
    private var logger: Logger
    private var failureLogging = WatchFailureLogging.everyFailure
    private var failurePatience = Duration.zero
    private let fetch: Fetch
    private let reachability: ReachabilityMonitor?

    /// Creates a watch over any blocking read.
    ///
    /// A watch made this way backs off on its own; one made by ``ConsulClient/watch(name:policy:fetch:)`` (and
    /// the endpoints' `watch…` methods) also ends its backoff early when the client sees Consul answer again.
    ///
    /// - Parameters:
    ///   - name: what is watched, for log lines (such as `health service web`).
    ///   - policy: pacing, backoff and the wait per call.
    ///   - logger: where retries and index resets are logged.
    ///   - fetch: performs one read with the given index and wait; throw ``ConsulError`` for Consul failures so
    ///     that connection failures are recognised.
    public init(name: String, policy: BlockingQueryPolicy = .default, logger: Logger, fetch: @escaping Fetch) {
        self.name = name
        self.policy = policy
        self.logger = logger
        self.fetch = fetch
        self.reachability = nil
    }

    /// A watch whose backoff ends early when `reachability` sees Consul answer again.
    init(
        name: String, policy: BlockingQueryPolicy, logger: Logger, reachability: ReachabilityMonitor,
        fetch: @escaping Fetch
    ) {
        self.name = name
        self.policy = policy
        self.logger = logger
        self.fetch = fetch
        self.reachability = reachability
    }

    /// The same watch, logging its retries and index resets to `logger`, its failed calls as `failures` says.
    ///
    /// ```swift
    /// consul.kv.watch("config/limit").logging(to: templateLogger, failures: .changesOnly)
    /// ```
    ///
    /// With `patience`, failures before Consul's first answer within that time after the watch starts are not
    /// logged: the owner started the agent it asks, which needs a moment before it listens.
    public func logging(
        to logger: Logger, failures: WatchFailureLogging = .everyFailure, patience: Duration = .zero
    ) -> ConsulWatch {
        var watch = self
        watch.logger = logger
        watch.failureLogging = failures
        watch.failurePatience = patience
        return watch
    }

    /// Starts a new loop, from index 0.
    public func makeAsyncIterator() -> Iterator {
        Iterator(
            name: self.name,
            state: BlockingQueryState(policy: self.policy),
            failureLog: WatchFailureLog(mode: self.failureLogging, patience: self.failurePatience),
            logger: self.logger,
            reachability: self.reachability,
            fetch: self.fetch
        )
    }

    /// The loop: asks the state machine what to do, sleeps, reads, reports back.
    public struct Iterator: AsyncIteratorProtocol, Sendable {
        private let name: String
        private var state: BlockingQueryState<Value>
        private var failureLog: WatchFailureLog
        private let logger: Logger
        private let fetch: Fetch
        private let reachability: ReachabilityMonitor?
        private var generator = SystemRandomNumberGenerator()

        fileprivate init(
            name: String, state: BlockingQueryState<Value>, failureLog: WatchFailureLog, logger: Logger,
            reachability: ReachabilityMonitor?, fetch: @escaping Fetch
        ) {
            self.name = name
            self.state = state
            self.failureLog = failureLog
            self.logger = logger
            self.reachability = reachability
            self.fetch = fetch
        }

        /// Pauses before a call; `false` when the task was cancelled. A backoff after errors ends early when
        /// Consul answers again, followed by this watch's own jitter.
        private mutating func pause(_ delay: Duration) async -> Bool {
            guard self.state.isBackingOff, let reachability = self.reachability else {
                do {
                    try await Task.sleep(for: delay)
                    return true
                } catch {
                    return false
                }
            }
            switch await reachability.backoff(for: delay) {
            case .cancelled:
                return !Task.isCancelled
            case .elapsed:
                return true
            case .consulAnswered:
                let jitter = self.state.consulAnsweredDuringBackoff(using: &self.generator)
                self.logger.debug(
                    "Consul answers again; the watch retries",
                    metadata: ["consul.watch": "\(self.name)", "consul.retry_ms": "\(jitter.wholeMilliseconds)"])
                do {
                    try await Task.sleep(for: jitter)
                    return true
                } catch {
                    return false
                }
            }
        }

        /// The next changed content.
        ///
        /// - Returns: the content, or `nil` once the task is cancelled.
        /// - Throws: the last error (usually a ``ConsulError``) once
        ///   ``BlockingQueryPolicy/maximumConsecutiveFailures`` failures happened in a row;
        ///   ``ConsulError/Code/clientShutDown`` once the client is shut down.
        public mutating func next() async throws -> Value? {
            while !Task.isCancelled {
                let call = self.state.nextCall(at: .now, using: &self.generator)
                if call.delay > .zero {
                    guard await self.pause(call.delay) else { return nil }
                }
                self.state.callStarted(with: call.parameters, at: .now)

                let result: ConsulQueryResult<Value>
                do {
                    result = try await self.fetch(call.parameters)
                } catch {
                    if Task.isCancelled || error is CancellationError {
                        return nil
                    }
                    if let error = error as? ConsulError, error.code == .clientShutDown {
                        throw error
                    }
                    let isConnectionFailure = (error as? ConsulError)?.code == .connectionFailed
                    let decision = self.state.receivedFailure(
                        isConnectionFailure: isConnectionFailure,
                        using: &self.generator
                    )
                    switch decision {
                    case .giveUp:
                        self.logger.error(
                            "Consul watch gives up",
                            metadata: ["consul.watch": "\(self.name)", "consul.error": "\(error)"]
                        )
                        throw error
                    case .retry(let delay):
                        guard self.failureLog.failed(kind: WatchFailureLog.kind(of: error)) == .log else { continue }
                        self.logger.warning(
                            "Consul watch call failed; retrying",
                            metadata: [
                                "consul.watch": "\(self.name)",
                                "consul.error": "\(error)",
                                "consul.failures": "\(self.state.consecutiveFailures)",
                                "consul.retry_ms": "\(delay.wholeMilliseconds)",
                            ]
                        )
                    }
                    continue
                }

                if let failures = self.failureLog.answered() {
                    self.logger.notice(
                        "Consul watch answers again",
                        metadata: ["consul.watch": "\(self.name)", "consul.failures": "\(failures)"]
                    )
                }
                let outcome = self.state.receivedReply(
                    index: result.meta.index, value: result.value, knownLeader: result.meta.knownLeader,
                    isEmpty: (result.value as? any Collection)?.isEmpty ?? false)
                if outcome.doubtfulEmpty {
                    self.logger.notice(
                        "an empty answer without a known leader or behind the index waits for confirmation",
                        metadata: ["consul.watch": "\(self.name)", "consul.known_leader": "\(result.meta.knownLeader)"])
                }
                if let backwards = outcome.indexWentBackwards {
                    self.logger.info(
                        "Consul index went backwards; resetting the watch to index 0",
                        metadata: [
                            "consul.watch": "\(self.name)",
                            "consul.index_before": "\(backwards.from)",
                            "consul.index_now": "\(backwards.to)",
                        ]
                    )
                }
                if case .deliver(let value) = outcome.delivery {
                    return value
                }
            }
            return nil
        }
    }
}
