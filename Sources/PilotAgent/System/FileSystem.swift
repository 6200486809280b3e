import DiscoveryModel
import Glibc

/// The few file-system operations the agent needs.
enum FileSystem {
    /// A directory that could not be created: which one and the `errno` value.
    struct DirectoryError: Error, Sendable {
        var path: String
        var code: Int32

        /// The system's words for the error.
        var reason: String { String(cString: strerror(code)) }
    }

    /// A tree that could not be removed: the path of the part that failed and the `errno` value.
    struct RemovalError: Error, Sendable {
        var path: String
        var code: Int32

        /// The system's words for the error.
        var reason: String { String(cString: strerror(code)) }
    }

    /// Removes `name` in the directory `parent`, and everything below it, like `rm -rf`, without following a
    /// symbolic link anywhere: a link is removed, never what it points to. Nothing there is not an error.
    ///
    /// - Throws: ``RemovalError`` for the first part that cannot be opened or removed.
    static func removeTree(_ name: String, in parent: String) throws(RemovalError) {
        let directory = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else {
            if errno == ENOENT { return }
            throw RemovalError(path: parent, code: errno)
        }
        defer { close(directory) }
        try removeTree(Array(name.utf8CString), at: directory, path: parent + "/" + name)
    }

    /// Removes the entry `name` (its bytes, NUL-terminated: a name need not be UTF-8) of the open directory
    /// `parent`; `path` names it in errors.
    private static func removeTree(_ name: [CChar], at parent: Int32, path: String) throws(RemovalError) {
        let directory = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard directory >= 0 else {
            switch errno {
            case ENOENT: return
            // A file, or a symbolic link (O_NOFOLLOW): the entry itself goes.
            case ENOTDIR, ELOOP:
                guard unlinkat(parent, name, 0) == 0 || errno == ENOENT else {
                    throw RemovalError(path: path, code: errno)
                }
                return
            default: throw RemovalError(path: path, code: errno)
            }
        }
        guard let stream = fdopendir(directory) else {
            let code = errno
            close(directory)
            throw RemovalError(path: path, code: code)
        }
        defer { closedir(stream) }
        var entries: [[CChar]] = []
        while let entry = readdir(stream) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                bytes.prefix { $0 != 0 }.map { CChar(bitPattern: $0) } + [0]
            }
            if entryName != [46, 0] && entryName != [46, 46, 0] { entries.append(entryName) }
        }
        for entry in entries {
            let entryPath = path + "/" + String(decoding: entry.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            try removeTree(entry, at: directory, path: entryPath)
        }
        guard unlinkat(parent, name, AT_REMOVEDIR) == 0 || errno == ENOENT else {
            throw RemovalError(path: path, code: errno)
        }
    }

    /// Creates `path` and its parents, like `mkdir -p`.
    ///
    /// - Throws: ``DirectoryError`` for the first part that cannot be created.
    static func createDirectories(_ path: String, mode: mode_t = 0o755) throws(DirectoryError) {
        var partial = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, mode) != 0 && errno != EEXIST {
                throw DirectoryError(path: partial, code: errno)
            }
        }
    }
}
