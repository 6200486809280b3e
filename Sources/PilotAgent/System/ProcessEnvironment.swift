import Glibc

/// pilot's own environment and host name, read once.
public enum ProcessEnvironment {
    /// The environment pilot was started with.
    public static var current: [String: String] {
        // `environ` as it is now, as ProcessInfo read it; an entry without `=` is skipped.
        var variables: [String: String] = [:]
        var entry: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        while let pointer = entry?.pointee {
            let text = String(cString: pointer)
            if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
                variables[String(text[..<equals])] = String(text[text.utf8.index(after: equals)...])
            }
            entry = entry.map { $0 + 1 }
        }
        return variables
    }

    /// The host name the kernel reports.
    public static var hostname: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
