import Dispatch
import Glibc

/// The process's entry: runs `PilotCommand` on the concurrency runtime's threads while the main thread waits.
///
/// Not an `async` main: on Linux that one ends the main thread with `pthread_exit`, whose forced unwinding
/// walks the binary's unwind tables and leaves about 1.5 MB of them resident in every idle agent.
enum Entry {
    static func run() -> Never {
        let finished = DispatchSemaphore(value: 0)
        Task.detached {
            await PilotCommand.main()
            finished.signal()
        }
        finished.wait()
        exit(ExitStatus.success.rawValue)
    }
}

Entry.run()
