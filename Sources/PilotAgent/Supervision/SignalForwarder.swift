import Logging
import ServiceLifecycle
import UnixSignals

/// Passes SIGHUP, SIGUSR1, SIGUSR2 and SIGWINCH on to the managed service, so that pilot can stand in front
/// of it as PID 1 without swallowing its reload signals. (SIGTERM and SIGINT start pilot's shutdown.)
struct SignalForwarder: Service {
    let job: JobHandle
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup, .sigusr1, .sigusr2, .sigwinch)
        for await signal in signals.cancelOnGracefulShutdown() {
            let delivered = job.signal(signal.rawValue)
            logger.debug("forwarded \(signal)", metadata: ["delivered": "\(delivered)"])
        }
    }
}
