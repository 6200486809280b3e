import Glibc

/// Writes a file whole or not at all, never through a symbolic link: the bytes go to a new file beside the
/// destination (`O_EXCL | O_NOFOLLOW`, close-on-exec), which is then renamed over it. A link at the destination
/// is replaced, not followed.
enum AtomicFile {
    /// Why the write failed: the step and the system's reason.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Writes `bytes` to `path` with mode 0644.
    static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = "\(directory.isEmpty ? "/" : directory)/.\(base).\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(description: "cannot create \(temporary): \(reason())") }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                let why = reason()
                close(descriptor)
                unlink(temporary)
                throw Failure(description: "cannot write \(temporary): \(why)")
            }
            written += result
        }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            let why = reason()
            unlink(temporary)
            throw Failure(description: "cannot write \(temporary): \(why)")
        }
        guard rename(temporary, path) == 0 else {
            let why = reason()
            unlink(temporary)
            throw Failure(description: "cannot rename \(temporary) to \(path): \(why)")
        }
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
