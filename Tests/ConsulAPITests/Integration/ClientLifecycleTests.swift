import TestSupport
import ConsulAPI
import Logging
import Testing

/// What happens around a client's life: shutting it down ends its watches and refuses new calls, and a watch
/// with a failure limit gives up with the last error.
@Suite("Client lifecycle", .serialized)
struct ClientLifecycleTests {
    @Test func shutdownEndsARunningWatchAndRefusesLaterCalls() async throws {
        try await withConsulDevAgent(name: "shutdown") { agent in
            let consul = try ConsulClient(
                configuration: ConsulConfiguration(addresses: [agent.httpAddress]),
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            )
            let watch = consul.catalog.watchServices()
            let ended = Task { () -> (any Error)? in
                do {
                    for try await _ in watch {}
                    return nil
                } catch {
                    return error
                }
            }
            _ = try await Polling.until("the watch to have read once") {
                try await consul.catalog.services().value["consul"]
            }

            try await consul.shutdown()
            let error = await ended.value
            #expect((error as? ConsulError)?.code == .clientShutDown)

            let refused = await #expect(throws: ConsulError.self) { try await consul.status.leader() }
            #expect(refused?.code == .clientShutDown)
            try await consul.shutdown()
        }
    }

    @Test func watchWithAFailureLimitGivesUpWithTheLastError() async throws {
        let dead = ConsulAddress(host: "127.0.0.1", port: FreePorts.take(1)[0])
        try await withConsulClient(ConsulConfiguration(addresses: [dead])) { consul in
            let policy = BlockingQueryPolicy(initialBackoff: .milliseconds(10), maximumConsecutiveFailures: 3)
            let watch = consul.health.watchService("web", policy: policy)
            let started = ContinuousClock.now
            let error = await #expect(throws: ConsulError.self) {
                for try await _ in watch {}
            }
            #expect(error?.code == .connectionFailed)
            #expect(error?.address == dead)
            #expect(ContinuousClock.now - started < .seconds(2))
        }
    }
}
