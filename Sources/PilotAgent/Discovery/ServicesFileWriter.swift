import CPilotSpawn
import Glibc
import SystemSupport

/// Writes `services.json` so that a reader never sees half a file, and never through a symbolic link.
///
/// By default: a temporary file with an unpredictable name, created exclusively in the same directory, `fsync`,
/// `renameat` over the old file within that directory, `fsync` of the directory; mode 0644; missing parent
/// directories created. The directory is opened once with `O_DIRECTORY | O_NOFOLLOW` and every step is relative
/// to it, so a link planted at the temporary name or at the file (the shared volume in-place mode is for may be
/// writable by a less privileged user) is never followed: the temporary file is created with `O_EXCL |
/// O_NOFOLLOW`, and the rename replaces a link at the file rather than writing through it.
///
/// In place (for a file bind-mounted into another container, where a rename would break the mount): truncate
/// and write under an exclusive `flock`, which readers that take a shared lock respect. A symbolic link at the
/// file is refused (`O_NOFOLLOW`), as is anything but a regular file.
struct ServicesFileWriter: Sendable {
    /// A write that failed: which file, which step, and why.
    struct WriteError: Error, Sendable, Equatable, CustomStringConvertible {
        var path: String
        var step: String
        var code: Int32

        var description: String {
            if code == ELOOP && step == "open" {
                return "cannot write \(path): it is a symbolic link; refusing to write through it"
            }
            return "cannot write \(path): \(step) failed: \(String(cString: strerror(code)))"
        }
    }

    /// What identifies one version of the file on disk: a write by pilot gives a new one, and so does any
    /// other change (deleted, replaced, edited, truncated), so comparing stamps is a cheap check that the
    /// file still holds what pilot wrote.
    ///
    /// Read with `lstat`, so a link is described, not followed, through a C shim: `struct stat`'s fields are
    /// not visible to this module under `MemberImportVisibility` (the header belongs to a NIO module here).
    struct Stamp: Sendable, Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Timestamp
        var isRegularFile: Bool
        var permissions: mode_t
        var owner: uid_t
        var group: gid_t

        init?(path: String) {
            var stamp = cps_file_stamp()
            guard cps_lstat_stamp(path, &stamp) == 0 else { return nil }
            device = stamp.device
            inode = stamp.inode
            size = stamp.size
            modified = Timestamp(
                secondsSince1970: stamp.modified_seconds, nanoseconds: Int32(stamp.modified_nanoseconds))
            isRegularFile = stamp.is_regular_file != 0
            permissions = mode_t(stamp.permissions)
            owner = uid_t(stamp.owner)
            group = gid_t(stamp.group)
        }
    }

    /// The file.
    let path: String
    /// Whether to write in place rather than by rename.
    let inPlace: Bool
    /// Whether a regular file already at the path keeps its permissions, owner and group (a rendered file may
    /// hold secrets and be kept 0640 for one group, as consul-template keeps them); otherwise, and for a new file,
    /// the mode is 0644 and the owner pilot.
    var keepsExistingMode = false
    /// Whether the parent directory may be reached through a symbolic link (`/var/run` is one on Debian). A link
    /// at the file itself is never followed either way.
    var followsDirectoryLinks = false
    /// Whether missing parent directories are created.
    var createsDirectories = true
    /// The file's mode, whatever was there before (a template's `perms`).
    var mode: mode_t?

    /// The file's current bytes, or `nil` when it does not exist, is not a regular file, or cannot be read.
    func currentBytes() -> [UInt8]? {
        try? FileBytes.read(path: path, flags: O_NOFOLLOW | O_NONBLOCK).get()
    }

    /// The stamp of what is at the path now (a link is not followed), or `nil` when nothing is.
    func currentStamp() -> Stamp? {
        Stamp(path: path)
    }

    /// Replaces the file's content with `bytes`.
    ///
    /// - Returns: the stamp of the file as written.
    /// - Throws: ``WriteError`` naming the step that failed; the old content is then left as it was.
    @discardableResult
    func write(_ bytes: [UInt8]) throws(WriteError) -> Stamp {
        let directory = Self.directory(of: path)
        do {
            if createsDirectories { try FileSystem.createDirectories(directory) }
        } catch {
            throw WriteError(path: path, step: "creating \(error.path)", code: error.code)
        }
        let directoryDescriptor = open(
            directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (followsDirectoryLinks ? 0 : O_NOFOLLOW))
        guard directoryDescriptor >= 0 else {
            throw WriteError(path: path, step: "opening directory \(directory)", code: errno)
        }
        defer { close(directoryDescriptor) }
        let name = Self.name(of: path)
        if inPlace {
            return try writeInPlace(bytes, directory: directoryDescriptor, name: name)
        }
        return try writeByRename(bytes, directory: directoryDescriptor, name: name)
    }

    private func writeByRename(_ bytes: [UInt8], directory: Int32, name: String) throws(WriteError) -> Stamp {
        let existing = keepsExistingMode ? currentStamp() : nil
        let mode = self.mode ?? existing.flatMap { $0.isRegularFile ? $0.permissions : nil } ?? 0o644
        let (descriptor, temporary) = try createTemporary(in: directory, for: name)
        var closed = false
        defer {
            if !closed { close(descriptor) }
        }
        do throws(WriteError) {
            // The mode is set explicitly: the process umask must not make the file unreadable to the service.
            guard fchmod(descriptor, mode) == 0 else { throw WriteError(path: path, step: "chmod", code: errno) }
            if let existing, existing.isRegularFile, existing.owner != getuid() || existing.group != getgid() {
                guard fchown(descriptor, existing.owner, existing.group) == 0 else {
                    throw WriteError(path: path, step: "chown", code: errno)
                }
            }
            try writeAll(bytes, to: descriptor)
            guard fsync(descriptor) == 0 else { throw WriteError(path: path, step: "fsync", code: errno) }
            closed = true
            guard close(descriptor) == 0 else { throw WriteError(path: path, step: "close", code: errno) }
            guard renameat(directory, temporary, directory, name) == 0 else {
                throw WriteError(path: path, step: "rename", code: errno)
            }
        } catch {
            unlinkat(directory, temporary, 0)
            throw error
        }
        // The rename itself is durable only once the directory is synced.
        fsync(directory)
        return try writtenStamp()
    }

    /// Creates `.<name>.<16 random hex digits>.tmp` exclusively, never through a link; a name already taken
    /// (by anything, a planted link included) is skipped for another.
    private func createTemporary(in directory: Int32, for name: String) throws(WriteError) -> (Int32, String) {
        var attempts = 0
        while true {
            // SystemRandomNumberGenerator reads the kernel's random source (getrandom), so the name is not
            // guessable ahead of time.
            let suffix = String(UInt64.random(in: .min ... .max), radix: 16)
            let temporary = ".\(name).\(String(repeating: "0", count: 16 - suffix.count))\(suffix).tmp"
            let descriptor = openat(
                directory, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if descriptor >= 0 { return (descriptor, temporary) }
            let code = errno
            attempts += 1
            guard code == EEXIST || code == EINTR, attempts < 16 else {
                throw WriteError(path: path, step: "creating a temporary file", code: code)
            }
        }
    }

    private func writeInPlace(_ bytes: [UInt8], directory: Int32, name: String) throws(WriteError) -> Stamp {
        // O_NOFOLLOW refuses a link at the file (ELOOP); O_NONBLOCK keeps a FIFO planted there from
        // blocking the open, and the regular-file check below then refuses it.
        let descriptor = openat(directory, name, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(path: path, step: "open", code: errno) }
        defer { close(descriptor) }
        guard currentStamp()?.isRegularFile == true else {
            throw WriteError(path: path, step: "open (not a regular file)", code: EINVAL)
        }
        guard flock(descriptor, LOCK_EX) == 0 else { throw WriteError(path: path, step: "flock", code: errno) }
        defer { flock(descriptor, LOCK_UN) }
        guard ftruncate(descriptor, 0) == 0 else { throw WriteError(path: path, step: "truncate", code: errno) }
        try writeAll(bytes, to: descriptor)
        guard fsync(descriptor) == 0 else { throw WriteError(path: path, step: "fsync", code: errno) }
        return try writtenStamp()
    }

    private func writtenStamp() throws(WriteError) -> Stamp {
        guard let stamp = currentStamp() else { throw WriteError(path: path, step: "stat", code: errno) }
        return stamp
    }

    private func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws(WriteError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset))
            }
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

    private static func name(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
