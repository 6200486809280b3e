import ConsulTemplate
import Glibc
import Logging
import SystemSupport

extension QueryWatch {
    /// Polls a `file` query's file every ``filePollInterval`` until the task is cancelled: `stat`, and a read
    /// when ``QueryWatchFileState`` says the file may have changed; an answer on each change of its bytes.
    func pollFile(_ path: String, deliver: @escaping @Sendable (QueryAnswer) -> Void) async {
        var state = QueryWatchFileState()
        while !Task.isCancelled {
            let outcome: QueryWatchFileState.Outcome?
            switch Self.stamp(of: path) {
            case .success(let stamp):
                outcome =
                    state.needsRead(stamp)
                    ? state.read(FileBytes.read(path: path), stamp: stamp, now: Self.wallClockNanoseconds()) : nil
            case .failure(let error):
                outcome = state.read(.failure(error), stamp: nil, now: Self.wallClockNanoseconds())
            }
            if let outcome {
                switch outcome.log {
                case .unreadable(let error):
                    self.logger.warning(
                        "cannot read the template's file; it reads as missing until it can be read",
                        metadata: ["file": "\(path)", "error": "\(error)"])
                case .readableAgain:
                    self.logger.notice("the template's file can be read again", metadata: ["file": "\(path)"])
                case nil:
                    break
                }
                if let answer = outcome.answer {
                    deliver(answer)
                }
            }
            do {
                try await Task.sleep(for: self.filePollInterval)
            } catch {
                return
            }
        }
    }

    /// The file's stamp (following a symbolic link, as the read does), or the `errno` of `stat`.
    static func stamp(of path: String) -> Result<QueryWatchFileState.Stamp, SystemError> {
        var status = stat()
        guard stat(path, &status) == 0 else { return .failure(SystemError(code: errno)) }
        func nanoseconds(_ time: timespec) -> Int64 { Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec) }
        return .success(
            QueryWatchFileState.Stamp(
                device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
                changedAt: max(nanoseconds(status.st_mtim), nanoseconds(status.st_ctim))))
    }

    /// `CLOCK_REALTIME` in nanoseconds since the epoch: the clock file times are kept in.
    static func wallClockNanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
