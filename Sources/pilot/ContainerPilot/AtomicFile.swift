import Glibc

/// Writes a file whole or not at all, never through a symbolic link: the bytes go to a new file beside the
/// destination (`O_EXCL | O_NOFOLLOW`, close-on-exec, readable by nobody else until it is complete), which is
/// then renamed over it. A link at the destination is replaced, not followed; a regular file there keeps its
/// permissions (a rendered configuration may hold secrets, and a file kept 0600 must stay so).
enum AtomicFile {
    /// Why the write failed: the step and the system's reason.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Writes `bytes` to `path`: with the permissions of the regular file already there, else mode 0644.
    static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = "\(directory.isEmpty ? "" : directory)/.\(base).\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        var existing = stat()
        let mode: mode_t =
            lstat(path, &existing) == 0 && (existing.st_mode & S_IFMT) == S_IFREG ? existing.st_mode & 0o7777 : 0o644

        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(description: "cannot create \(temporary): \(reason(errno))") }
        var failure: String?
        var written = 0
        while written < bytes.count, failure == nil {
            let result = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result > 0 {
                written += result
            } else if result < 0 && errno == EINTR {
                continue
            } else {
                failure = "cannot write \(temporary): \(result < 0 ? reason(errno) : "nothing was written")"
            }
        }
        if failure == nil, fchmod(descriptor, mode) != 0 { failure = "cannot set the mode of \(temporary): \(reason(errno))" }
        if failure == nil, fsync(descriptor) != 0 { failure = "cannot write \(temporary): \(reason(errno))" }
        // Closed whatever happened before: a failed step must not leak the descriptor.
        if close(descriptor) != 0, failure == nil { failure = "cannot write \(temporary): \(reason(errno))" }
        if failure == nil, rename(temporary, path) != 0 {
            failure = "cannot rename \(temporary) to \(path): \(reason(errno))"
        }
        if let failure {
            unlink(temporary)
            throw Failure(description: failure)
        }
    }

    private static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
