import Logging
import ConsulAPI

/// Logs Consul trouble once per change of state, not once per try: the first failure, a change of
/// failure, the recovery, and each change of the check's status.
///
/// With `patience` (pilot started the Consul agent it talks to), failures before Consul has answered once are
/// the agent still starting: one info line says pilot waits for it, and only failures after `patience` are
/// errors.
struct ConsulLinkState {
    /// Consul answers but has no cluster leader yet (a client agent still joining, an election).
    struct NoLeader: Error, CustomStringConvertible {
        var description: String { "Consul has no cluster leader yet" }
    }

    let logger: Logger
    /// The last failure, until a call succeeds.
    private(set) var lastFailure: String?
    private var lastStatus: String?
    private var startPatience: StartPatience
    private var waitingLogged = false
    private var failureLogged = false

    init(logger: Logger, patience: Duration = .zero) {
        self.logger = logger
        self.startPatience = StartPatience(patience)
    }

    /// A call succeeded: log the recovery if Consul was failing.
    mutating func succeeded() {
        if waitingLogged && !startPatience.answeredOnce && !failureLogged {
            logger.info("Consul answers")
        } else if let lastFailure, failureLogged {
            logger.notice("Consul reachable again", metadata: ["after": "\(lastFailure)"])
        }
        startPatience.answered()
        lastFailure = nil
        failureLogged = false
    }

    /// A call failed.
    mutating func failed(_ error: any Error, doing action: String) {
        let text = "\(error)"
        if startPatience.excuses() {
            // The agent pilot started is not listening yet.
            if !waitingLogged {
                logger.info("waiting for the Consul agent to answer", metadata: ["to": "\(action)"])
                waitingLogged = true
            }
            lastFailure = text
            return
        }
        if text != lastFailure || !failureLogged {
            failureLogged = true
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
