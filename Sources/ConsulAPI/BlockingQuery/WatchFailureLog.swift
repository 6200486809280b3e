/// Which failures of a watch's calls are logged, with no I/O: ``ConsulWatch`` reports each failure and each
/// answer, and logs only what this returns (see ``WatchFailureLogging``).
struct WatchFailureLog: Sendable {
    /// What the shell should log about a failure.
    enum FailureLine: Equatable, Sendable {
        /// Log the failure.
        case log
        /// Stay quiet: the failure is like the one last logged.
        case quiet
    }

    let mode: WatchFailureLogging
    /// Failures before Consul's first answer within it are not logged (the owner started the agent it asks,
    /// which needs a moment before it listens).
    private var startPatience: StartPatience
    /// Failed calls since the last answer.
    private(set) var failures = 0
    /// The kind of the failure last logged in ``WatchFailureLogging/changesOnly`` mode; `nil` while calls succeed.
    private var reportedKind: String?

    init(mode: WatchFailureLogging, patience: Duration = .zero, started: ContinuousClock.Instant = .now) {
        self.mode = mode
        self.startPatience = StartPatience(patience, started: started)
    }

    /// Digests a failed call whose failure is of `kind` (see ``kind(of:)``), at `now`.
    mutating func failed(kind: String, at now: ContinuousClock.Instant = .now) -> FailureLine {
        self.failures += 1
        if self.startPatience.excuses(at: now) {
            return .quiet
        }
        switch self.mode {
        case .everyFailure:
            return .log
        case .changesOnly:
            defer { self.reportedKind = kind }
            return self.reportedKind == kind ? .quiet : .log
        }
    }

    /// Digests an answer from Consul: the number of calls that failed before it, when the recovery is worth a
    /// line (``WatchFailureLogging/changesOnly`` mode after failures), else `nil`.
    mutating func answered() -> Int? {
        let first = !self.startPatience.answeredOnce
        defer {
            self.failures = 0
            self.reportedKind = nil
            self.startPatience.answered()
        }
        // The failures of a patient start were not logged: their end is no recovery either.
        if first && self.reportedKind == nil && self.startPatience.patience > .zero { return nil }
        guard self.mode == .changesOnly, self.failures > 0 else { return nil }
        return self.failures
    }

    /// What makes two failures "the same" for the log: a ``ConsulError``'s code, status and Consul's message, not
    /// its call (whose index and wait differ from one call to the next) nor the address (which rotates).
    static func kind(of error: any Error) -> String {
        guard let error = error as? ConsulError else { return String(describing: error) }
        return "\(error.code) \(error.httpStatus.map(String.init) ?? "-") \(error.consulMessage ?? "")"
    }
}
