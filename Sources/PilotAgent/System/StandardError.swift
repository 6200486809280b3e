import Glibc

/// Writing to standard error, where messages for people go when standard output carries a report.
public enum StandardError {
    /// Writes `text` and a newline to standard error.
    public static func write(_ text: String) {
        LogOutput(descriptor: STDERR_FILENO).write(text)
    }
}
