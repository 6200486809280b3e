import CPilotSpawn
import Foundation
import Testing
import TestSupport

/// The parent-death signal that ties a child to pilot fires when the *thread* that forked it ends, not the
/// process; Swift's pool and Dispatch retire idle threads. So the fork must happen on pilot's one
/// long-lived spawner thread, whichever thread asks for it.
@Suite(.serialized) struct SpawnerThreadTests {
    /// A thread asks for a child and ends at once, as a retired worker would; the child must live on.
    @Test func childOutlivesTheThreadThatAskedForIt() async throws {
        let box = SpawnBox()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { argument in
            let box = Unmanaged<SpawnBox>.fromOpaque(argument!).takeUnretainedValue()
            box.spawn()
            return nil
        }, Unmanaged.passUnretained(box).toOpaque())
        #expect(created == 0)
        pthread_join(thread, nil)  // the asking thread has ended
        #expect(box.result == 0, "cps_spawn: \(String(cString: strerror(box.result)))")
        let pid = box.pid
        defer {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        // A parent-death signal is sent while the thread exits, so a child tied to it is already dying.
        let clock = ContinuousClock()
        let end = clock.now + .milliseconds(500)
        while clock.now < end {
            #expect(ProcessInspection.isAlive(pid), "the child died with the thread that asked for it")
            if !ProcessInspection.isAlive(pid) { break }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// The request and answer of one spawn, shared with the thread that makes it.
private final class SpawnBox: @unchecked Sendable {
    var pid: pid_t = 0
    var result: Int32 = -1

    func spawn() {
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("sleep"), strdup("30"), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/bin:/bin"), nil]
        defer { (argv + envp).forEach { free($0) } }
        argv.withUnsafeBufferPointer { argvPointer in
            envp.withUnsafeBufferPointer { envpPointer in
                var request = cps_spawn_request(
                    program: argvPointer[0], argv: argvPointer.baseAddress, envp: envpPointer.baseAddress,
                    new_process_group: 1, output_fd: -1)
                result = cps_spawn(&request, &pid)
            }
        }
    }
}
