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
