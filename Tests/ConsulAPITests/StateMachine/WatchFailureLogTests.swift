@testable import ConsulAPI
import Testing

/// Which failed calls of a watch reach the log, with no I/O.
@Suite struct WatchFailureLogTests {
    @Test func everyFailureModeLogsEachFailureAndNoRecovery() {
        var log = WatchFailureLog(mode: .everyFailure)
        #expect(log.failed(kind: "a") == .log)
        #expect(log.failed(kind: "a") == .log)
        #expect(log.answered() == nil)
    }

    @Test func changesOnlyModeLogsTheFirstFailureEachNewKindAndTheRecovery() {
        var log = WatchFailureLog(mode: .changesOnly)
        #expect(log.answered() == nil, "an answer without failures is not a recovery")
        #expect(log.failed(kind: "refused") == .log)
        #expect(log.failed(kind: "refused") == .quiet)
        #expect(log.failed(kind: "refused") == .quiet)
        #expect(log.failed(kind: "500") == .log)
        #expect(log.failed(kind: "500") == .quiet)
        #expect(log.answered() == 5)
        #expect(log.answered() == nil)
        #expect(log.failed(kind: "500") == .log, "a new outage is logged again")
    }

    @Test func failuresOfTheSameKindIgnoreTheCallAndTheAddress() {
        let first = ConsulError(
            code: .connectionFailed, endpoint: "GET /v1/kv/a?index=5",
            addressesTried: [ConsulAddress(host: "10.0.0.1", port: 8500)])
        let second = ConsulError(
            code: .connectionFailed, endpoint: "GET /v1/kv/a",
            addressesTried: [ConsulAddress(host: "10.0.0.2", port: 8500)])
        let denied = ConsulError(code: .permissionDenied, httpStatus: 403, consulMessage: "Permission denied")
        #expect(WatchFailureLog.kind(of: first) == WatchFailureLog.kind(of: second))
        #expect(WatchFailureLog.kind(of: first) != WatchFailureLog.kind(of: denied))
    }
}
