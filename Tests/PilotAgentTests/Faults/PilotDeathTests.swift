import Foundation
import Testing
import TestSupport

/// Issue 11, defect 3: a SIGKILLed pilot left its service running, holding the inherited control socket, so
/// a pilot restarted in the same place exited 2 ("another pilot answers") or started a second service.
@Suite(.serialized) struct PilotDeathTests {
    @Test func serviceDiesWithAKilledPilotAndAPilotRestartedInItsPlaceStarts() async throws {
        let directory = try PilotAgent.workingDirectory()
        let socket = directory.appending(path: "pilot.socket").path(percentEncoded: false)
        let pidFile = directory.appending(path: "service.pid")
        // The service's first run waits for the control socket and exits 1, so that the service that runs
        // is started (restarted) while the socket listens, as any restart after start-up would be.
        let environment = [
            "SERVICE_COMMAND": """
                sh -c 'if [ -f started ]; then echo $$ > service.pid.tmp; mv service.pid.tmp service.pid; \
                exec sleep 1000; fi; while [ ! -S pilot.socket ]; do sleep 0.05; done; touch started; exit 1'
                """,
            "PILOT_CONTROL_SOCKET": socket,
        ]
        let first = try PilotAgent(environment: environment, directory: directory)
        let service = try await ProcessInspection.waitForPID(in: pidFile)
        defer { kill(service, SIGKILL) }
        _ = try await Polling.until("the control socket to answer") {
            (try? UnixSocketHTTP.request(socket, "GET", "/v3/status"))?.status == 200 ? true : nil
        }

        first.send(SIGKILL)
        // Seen in /proc: Foundation's Process learns of an exit through a socket its child inherits, which a
        // leaking pilot passes on to the service, so `waitForExit` would wait for the service too.
        _ = try await Polling.until("pilot to die") { ProcessInspection.isAlive(first.pid) ? nil : true }
        let killed = ContinuousClock.now
        let died = try? await Polling.until("the service to die with pilot", timeout: .seconds(2)) {
            ProcessInspection.isAlive(service) ? nil : true
        }
        #expect(died != nil, "the service (pid \(service)) outlived pilot by more than 2 s")
        if died != nil { print("the service died \(ContinuousClock.now - killed) after pilot") }

        try FileManager.default.removeItem(at: pidFile)
        let second = try PilotAgent(environment: environment, directory: directory)
        // Either its service starts, or it exits (as it did with the orphan holding the socket).
        _ = try await Polling.until("the second pilot to start its service or exit") {
            FileManager.default.fileExists(atPath: pidFile.path(percentEncoded: false)) || !second.isRunning
                ? true : nil
        }
        #expect(second.isRunning, "the second pilot exited; log:\n\(second.log)")
        let secondService = try await ProcessInspection.waitForPID(in: pidFile, timeout: .seconds(1))
        defer { kill(secondService, SIGKILL) }
        _ = try await Polling.until("the second pilot's control socket to answer") {
            (try? UnixSocketHTTP.request(socket, "GET", "/v3/status"))?.status == 200 ? true : nil
        }
        second.send(SIGTERM)
        #expect(try await second.waitForExit() == 0)
    }
}
