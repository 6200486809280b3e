import Glibc

/// The system's processes as `/proc` shows them, read for ``DescendantSweep``.
enum ProcessTable {
    /// Every process readable now; processes that exit while being read are left out.
    static func read() -> [DescendantSweep.ProcessEntry] {
        guard let directory = opendir("/proc") else { return [] }  // opendir is close-on-exec in glibc
        defer { closedir(directory) }
        var entries: [DescendantSweep.ProcessEntry] = []
        while let item = readdir(directory) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard let pid = pid_t(name), let entry = entry(of: pid) else { continue }
            entries.append(entry)
        }
        return entries
    }

    /// Process `pid` from `/proc/<pid>/stat`, or nil if there is none.
    static func entry(of pid: pid_t) -> DescendantSweep.ProcessEntry? {
        guard let bytes = contents(of: "/proc/\(pid)/stat"),
            let close = bytes.lastIndex(of: UInt8(ascii: ")"))
        else { return nil }
        // After the command name in parentheses (which may hold spaces and parentheses itself): state is
        // field 3, the parent field 4, the start time field 22.
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
        guard fields.count > 19, let parent = pid_t(String(decoding: fields[1], as: UTF8.self)),
            let startTime = UInt64(String(decoding: fields[19], as: UTF8.self))
        else { return nil }
        return DescendantSweep.ProcessEntry(
            pid: pid, parent: parent, startTime: startTime, isZombie: fields[0].first == UInt8(ascii: "Z"))
    }

    /// Whether the environment `pid` was started with holds `needle` (a `NAME=value` with its NUL) as one
    /// whole entry.
    static func environment(of pid: pid_t, contains needle: [UInt8]) -> Bool {
        guard let bytes = contents(of: "/proc/\(pid)/environ") else { return false }
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0) ?? bytes.count
            if end - start + 1 == needle.count && bytes[start..<end].elementsEqual(needle.dropLast()) { return true }
            start = end + 1
        }
        return false
    }

    /// A `/proc` file's bytes, or nil when it cannot be read (gone, or not ours to read).
    private static func contents(of path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { Glibc.close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return bytes }
            bytes += buffer[..<count]
        }
    }
}
