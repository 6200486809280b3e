import Glibc

/// Writes `services.json` so that a reader never sees half a file.
///
/// By default: a temporary file in the same directory, `fsync`, `rename` over the old file, `fsync` of the
/// directory; mode 0644; missing parent directories created. In place (for a file bind-mounted into
/// another container, where a rename would break the mount): truncate and write under an exclusive
/// `flock`, which readers that take a shared lock respect.
struct ServicesFileWriter: Sendable {
    /// A write that failed: which file, which step, and why.
    struct WriteError: Error, Sendable, CustomStringConvertible {
        var path: String
        var step: String
        var code: Int32

        var description: String { "cannot write \(path): \(step) failed: \(String(cString: strerror(code)))" }
    }

    /// The file.
    let path: String
    /// Whether to write in place rather than by rename.
    let inPlace: Bool

    /// The file's current bytes, or `nil` when it does not exist or cannot be read.
    func currentBytes() -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes += buffer[0..<count]
        }
    }

    /// Replaces the file's content with `bytes`.
    ///
    /// - Throws: ``WriteError`` naming the step that failed; the old content is then left as it was.
    func write(_ bytes: [UInt8]) throws(WriteError) {
        let directory = Self.directory(of: path)
        do {
            try FileSystem.createDirectories(directory)
        } catch {
            throw WriteError(path: path, step: "creating \(error.path)", code: error.code)
        }
        if inPlace {
            try writeInPlace(bytes)
        } else {
            try writeByRename(bytes, directory: directory)
        }
    }

    private func writeByRename(_ bytes: [UInt8], directory: String) throws(WriteError) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = "\(directory)/.\(name).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(path: path, step: "creating \(temporary)", code: errno) }
        var closed = false
        defer {
            if !closed { close(descriptor) }
        }
        do throws(WriteError) {
            // The mode is set explicitly: the process umask must not make the file unreadable to the service.
            guard fchmod(descriptor, 0o644) == 0 else { throw WriteError(path: path, step: "chmod", code: errno) }
            try writeAll(bytes, to: descriptor)
            guard fsync(descriptor) == 0 else { throw WriteError(path: path, step: "fsync", code: errno) }
            closed = true
            guard close(descriptor) == 0 else { throw WriteError(path: path, step: "close", code: errno) }
            guard rename(temporary, path) == 0 else { throw WriteError(path: path, step: "rename", code: errno) }
        } catch {
            unlink(temporary)
            throw error
        }
        // The rename itself is durable only once the directory is synced.
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private func writeInPlace(_ bytes: [UInt8]) throws(WriteError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(path: path, step: "open", code: errno) }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw WriteError(path: path, step: "flock", code: errno) }
        defer { flock(descriptor, LOCK_UN) }
        guard ftruncate(descriptor, 0) == 0 else { throw WriteError(path: path, step: "truncate", code: errno) }
        try writeAll(bytes, to: descriptor)
        guard fsync(descriptor) == 0 else { throw WriteError(path: path, step: "fsync", code: errno) }
    }

    private func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws(WriteError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw WriteError(path: path, step: "write", code: errno)
            }
            offset += written
        }
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
