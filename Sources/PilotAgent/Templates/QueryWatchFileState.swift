import ConsulTemplate
import SystemSupport

/// The decisions of a `file` query's poll, with no I/O: whether this poll must read the file, which answer to
/// deliver, and which line to log. ``QueryWatch`` stats the file every poll interval and acts on them.
///
/// The rules:
/// - a file whose stamp (identity, size, change times) is unchanged is not read again, once it is "settled";
/// - a file is settled when its last change was at least ``settleTime`` before it was read: file systems keep
///   change times with a coarse clock, so a write a few milliseconds after a read can leave the stamp as it
///   was; such a file is read every poll until it is settled (git's "racily clean" rule);
/// - an answer is delivered only when it differs from the last one delivered (the same bytes read again, or a
///   file still unreadable, deliver nothing);
/// - an unreadable file is the answer `.file(nil)`, logged once per distinct error, and its recovery once.
struct QueryWatchFileState: Sendable {
    /// What identifies one version of a file, as `stat` reports it.
    struct Stamp: Equatable, Sendable {
        /// The device holding the file (`st_dev`): a file replaced by a rename is another file.
        var device: UInt64
        /// The file's inode (`st_ino`).
        var inode: UInt64
        /// The file's size in bytes.
        var size: Int64
        /// The later of the modification and status-change times, in nanoseconds since the epoch.
        var changedAt: Int64
    }

    /// What the shell should log after a poll.
    enum LogLine: Equatable, Sendable {
        /// The file cannot be read (first time, or with another error than before).
        case unreadable(SystemError)
        /// The file can be read again after it could not.
        case readableAgain
    }

    /// What to do after a poll.
    struct Outcome: Equatable, Sendable {
        /// The answer to deliver, when it changed.
        var answer: QueryAnswer?
        /// The line to log, when the file's readability changed.
        var log: LogLine?
    }

    /// How long after its last change a file's stamp is trusted to change with its bytes (well above the
    /// granularity of any file system's timestamps).
    static let settleTime: Int64 = 2_000_000_000

    private var lastStamp: Stamp?
    private var lastStampSettled = false
    private var delivered: QueryAnswer?
    private var reportedError: SystemError?

    /// Whether a file whose `stat` gave `stamp` must be read this poll.
    func needsRead(_ stamp: Stamp) -> Bool {
        !(self.lastStampSettled && self.lastStamp == stamp)
    }

    /// Digests a poll that read the file (stamp and bytes), or could not stat or read it (the error).
    ///
    /// - Parameters:
    ///   - stamp: the `stat` taken before the read; `nil` when `stat` failed.
    ///   - now: the wall-clock time of the read, in nanoseconds since the epoch.
    mutating func read(_ result: Result<[UInt8], SystemError>, stamp: Stamp?, now: Int64) -> Outcome {
        let answer: QueryAnswer
        var log: LogLine?
        switch result {
        case .success(let bytes):
            self.lastStamp = stamp
            self.lastStampSettled = stamp.map { now - $0.changedAt >= Self.settleTime } ?? false
            answer = .file(String(decoding: bytes, as: UTF8.self))
            if self.reportedError != nil {
                log = .readableAgain
                self.reportedError = nil
            }
        case .failure(let error):
            self.lastStamp = nil
            self.lastStampSettled = false
            answer = .file(nil)
            if self.reportedError != error {
                log = .unreadable(error)
                self.reportedError = error
            }
        }
        guard answer != self.delivered else { return Outcome(answer: nil, log: log) }
        self.delivered = answer
        return Outcome(answer: answer, log: log)
    }
}
