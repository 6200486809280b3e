import Glibc
import SystemSupport

/// pilot's own environment and host name, read once.
public enum ProcessEnvironment {
    /// The environment pilot was started with.
    public static var current: [String: String] {
        EnvironmentVariables.current()
    }

    /// The host name the kernel reports.
    public static var hostname: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
