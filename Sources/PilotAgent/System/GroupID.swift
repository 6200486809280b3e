import Glibc

/// Groups of the system's group database.
enum GroupID {
    /// The ID of group `name` (or a number), `nil` when there is no such group.
    static func of(_ name: String) -> gid_t? {
        if let number = gid_t(name) { return number }
        guard let entry = getgrnam(name) else { return nil }
        return entry.pointee.gr_gid
    }
}
