import Glibc

/// The control socket's file: a stale one left by a crashed agent is removed, a live one (another agent
/// answers on it) stops this one; once bound, its mode and group are set.
public enum ControlSocket {
    /// The brief's path, so its wrapper script (which removes a stale socket) works unchanged.
    public static let defaultPath = AgentConfiguration.defaultControlSocket

    /// Why the socket's path cannot be used.
    struct Unusable: Error, CustomStringConvertible {
        /// The path.
        var path: String
        /// Why.
        var reason: String

        var description: String { reason }

        static func inUse(_ path: String) -> Unusable {
            Unusable(
                path: path,
                reason: "another pilot answers on the control socket \(path); stop it, or give this one --control-socket")
        }
    }

    /// Removes a stale socket at `path`: a socket file nobody answers on, left by an agent that was killed.
    /// Anything else at the path (a regular file, a directory, a symbolic link) is left alone and refused:
    /// the path may be a typo for something that matters.
    ///
    /// - Throws: ``Unusable`` when something accepts connections there, or the path is not a socket.
    static func prepare(_ path: String) throws(Unusable) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw Unusable(path: path, reason: "\(path) exists and is not a socket; pilot removes only a stale socket")
        }
        if isAnswering(path) { throw .inUse(path) }
        unlink(path)
    }

    /// Whether a process accepts connections on the Unix socket at `path`.
    static func isAnswering(_ path: String) -> Bool {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }
}
