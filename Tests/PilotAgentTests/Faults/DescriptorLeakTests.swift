import ConsulAPI
import Foundation
import Testing
import TestSupport

/// Issue 11, defect 3: children inherited pilot's descriptors (the listening control socket, the telemetry
/// socket, Consul connections, NIO's epoll and eventfd).
@Suite(.serialized) struct DescriptorLeakTests {
    @Test func serviceAndPingStartWithOnlyTheStandardStreams() async throws {
        try await withConsul(name: "fd-leak") { consul, probe in
            let directory = try PilotAgent.workingDirectory()
            let socket = directory.appending(path: "pilot.socket").path(percentEncoded: false)
            let telemetryPort = FreePorts.take(1)[0]
            // Each has a child list its descriptors once `up` exists, that is once everything is open (the
            // service's first run waits for it and exits 1, so that the listing comes from a restart). The
            // child, not the shell itself, redirects its output, since dash keeps a copy of a redirected
            // descriptor on 10 while the command runs.
            var environment = HealthTests.environment(
                consul, name: "fdleak",
                command: """
                    sh -c 'if [ -f up ]; then sh -c "ls -l /proc/$$/fd > service-fds.tmp"; \
                    mv service-fds.tmp service-fds; exec sleep 1000; fi; \
                    while [ ! -f up ]; do sleep 0.05; done; exit 1'
                    """)
            environment["PILOT_PING"] = """
                sh -c 'if [ -f up ]; then sh -c "ls -l /proc/$$/fd > ping-fds.tmp"; \
                mv ping-fds.tmp ping-fds; fi; echo ok'
                """
            environment["PILOT_CONTROL_SOCKET"] = socket
            environment["TELEMETRY_PORT"] = "\(telemetryPort)"
            let pilot = try PilotAgent(
                environment: environment, arguments: ["run", "--check-interval", "300ms"], directory: directory)
            // A check result reached Consul (a connection is open), the control socket and telemetry answer.
            _ = try await probe.waitForStatus("fdleak", .passing)
            _ = try await Polling.until("the control socket to answer") {
                (try? UnixSocketHTTP.request(socket, "GET", "/v3/status"))?.status == 200 ? true : nil
            }
            _ = try await Polling.until("telemetry to answer") {
                (try? UnixSocketHTTP.request(nil, "GET", "http://127.0.0.1:\(telemetryPort)/metrics"))?.status == 200
                    ? true : nil
            }
            PilotAgent.touch(directory.appending(path: "up"))

            for name in ["service-fds", "ping-fds"] {
                let listing = try await Polling.until("\(name) to be written; log:\n\(pilot.log)") {
                    try? String(contentsOf: directory.appending(path: name), encoding: .utf8)
                }
                #expect(ProcessInspection.descriptors(inListing: listing) == [0, 1, 2], "\(name):\n\(listing)")
            }
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit() == 0)
        }
    }
}
