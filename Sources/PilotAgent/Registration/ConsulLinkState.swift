import Logging
import ConsulAPI

/// Logs Consul trouble once per change of state, not once per try: the first failure, a change of
/// failure, the recovery, and each change of the check's status.
struct ConsulLinkState {
    /// Consul answers but has no cluster leader yet (a client agent still joining, an election).
    struct NoLeader: Error, CustomStringConvertible {
        var description: String { "Consul has no cluster leader yet" }
    }

    let logger: Logger
    /// The last failure logged, until a call succeeds.
    private(set) var lastFailure: String?
    private var lastStatus: String?

    init(logger: Logger) {
        self.logger = logger
    }

    /// A call succeeded: log the recovery if Consul was failing.
    mutating func succeeded() {
        if let lastFailure {
            logger.notice("Consul reachable again", metadata: ["after": "\(lastFailure)"])
            self.lastFailure = nil
        }
    }

    /// A call failed.
    mutating func failed(_ error: any Error, doing action: String) {
        let text = "\(error)"
        if text != lastFailure {
            logger.error("cannot \(action): \(text)")
            lastFailure = text
        }
    }

    /// A verdict reached Consul: log it when the status changed.
    mutating func reported(_ verdict: HealthVerdict) {
        let status = verdict.status.rawValue
        if status != lastStatus {
            let level: Logger.Level = verdict.status == .passing ? .info : .warning
            logger.log(level: level, "health check \(status)", metadata: ["output": "\(verdict.output.prefix(200))"])
            lastStatus = status
        }
    }
}
