import Glibc
import SystemSupport

/// Writing to standard error, where pilot-codegen's messages go.
enum StandardError {
    /// Writes `text` and a newline to standard error.
    static func write(_ text: String) {
        TextLines.write(text, to: STDERR_FILENO)
    }
}
