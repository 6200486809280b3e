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
        let environment = [
            "SERVICE_COMMAND": "sh -c 'echo $$ > service.pid.tmp; mv service.pid.tmp service.pid; exec sleep 1000'",
            "PILOT_CONTROL_SOCKET": socket,
        ]
        let first = try PilotAgent(environment: environment, directory: directory)
        let service = try await ProcessInspection.waitForPID(in: pidFile)
        defer { kill(service, SIGKILL) }
        _ = try await Polling.until("the control socket to answer") {
            (try? UnixSocketHTTP.request(socket, "GET", "/v3/status"))?.status == 200 ? true : nil
        }

        first.send(SIGKILL)
        _ = try await first.waitForExit()
        let killed = ContinuousClock.now
        _ = try await Polling.until("the service (pid \(service)) to die with pilot", timeout: .seconds(2)) {
            ProcessInspection.isAlive(service) ? nil : true
        }
        let took = ContinuousClock.now - killed
        #expect(took < .seconds(2), "the service outlived pilot by \(took)")

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

    /// The parent-death signal fires when the thread that forked ends, and the worker threads of Swift's
    /// pool end after some idle seconds; a child forked on one would be killed at random.
    @Test func serviceStartedFromATaskOutlivesIdleWorkerThreads() async throws {
        let directory = try PilotAgent.workingDirectory()
        let pidFile = directory.appending(path: "service.pid")
        let pilot = try PilotAgent(
            environment: ["SERVICE_COMMAND": "sh -c 'echo $$ > service.pid.tmp; mv service.pid.tmp service.pid; exec sleep 1000'"],
            directory: directory)
        let service = try await ProcessInspection.waitForPID(in: pidFile)
        defer { kill(service, SIGKILL) }
        let threadsAtStart = Self.threadCount(pilot.pid)
        // Nothing happens in pilot meanwhile, so its idle workers retire (after about 5 s in libdispatch).
        let clock = ContinuousClock()
        let end = clock.now + .seconds(12)
        var threadsAtEnd = threadsAtStart
        while clock.now < end {
            #expect(ProcessInspection.isAlive(service), "the service was killed while pilot idled; log:\n\(pilot.log)")
            if !ProcessInspection.isAlive(service) { break }
            threadsAtEnd = min(threadsAtEnd, Self.threadCount(pilot.pid))
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(pilot.isRunning)
        print("pilot threads: \(threadsAtStart) after the spawn, \(threadsAtEnd) at the fewest while idle")
        pilot.send(SIGTERM)
        #expect(try await pilot.waitForExit() == 0)
    }

    private static func threadCount(_ pid: Int32) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task"))?.count ?? 0
    }
}
