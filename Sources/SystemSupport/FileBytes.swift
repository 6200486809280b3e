import Glibc

/// Whole-file reads with the system calls, for the targets that keep Foundation out.
public enum FileBytes {
    /// Everything left to read on `descriptor` (retrying reads interrupted by a signal), or the `errno` of the
    /// read that failed.
    public static func readAll(descriptor: Int32) -> Result<[UInt8], SystemError> {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = Glibc.read(descriptor, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(SystemError(code: errno))
            }
            if count == 0 { return .success(bytes) }
            bytes.append(contentsOf: buffer[..<count])
        }
    }

    /// The bytes of the regular file at `path`, opened with `O_RDONLY | O_CLOEXEC | O_NONBLOCK` and `flags`
    /// (`O_NOFOLLOW` to refuse a link), or the `errno` of the step that failed: reading a directory fails with
    /// `EISDIR`, anything else that is not a regular file (a FIFO that would block forever, `/dev/zero` that never
    /// ends) with ``SystemError/notARegularFile``.
    public static func read(path: String, flags: Int32 = 0) -> Result<[UInt8], SystemError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | flags)
        guard descriptor >= 0 else { return .failure(SystemError(code: errno)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(SystemError(code: errno)) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return readAll(descriptor: descriptor)
        case S_IFDIR: return .failure(SystemError(code: EISDIR))
        default: return .failure(.notARegularFile)
        }
    }
}

/// A failed system call's `errno`, with the system's words for it.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The `errno` value.
    public var code: Int32

    /// Creates the error for an `errno` value.
    public init(code: Int32) {
        self.code = code
    }

    /// The path names something other than a regular file or a directory (a FIFO, a device, a socket).
    public static let notARegularFile = SystemError(code: -1)

    /// `strerror`'s text, such as "No such file or directory".
    public var description: String {
        code == Self.notARegularFile.code ? "not a regular file" : String(cString: strerror(code))
    }
}
