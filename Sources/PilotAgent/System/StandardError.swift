import Glibc

/// Writing to standard error, where messages for people go when standard output carries a report.
public enum StandardError {
    /// Writes `text` and a newline to standard error.
    public static func write(_ text: String) {
        var line = text + "\n"
        line.withUTF8 { buffer in
            var remaining = UnsafeRawBufferPointer(buffer)
            while !remaining.isEmpty {
                let written = Glibc.write(STDERR_FILENO, remaining.baseAddress, remaining.count)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                remaining = UnsafeRawBufferPointer(rebasing: remaining[written...])
            }
        }
    }
}
