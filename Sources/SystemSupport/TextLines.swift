import Glibc

/// Writing text to a descriptor with the system call, for the targets that keep Foundation out.
public enum TextLines {
    /// Writes `text` and a newline to `descriptor`, retrying writes interrupted by a signal and finishing short
    /// ones; gives up silently on another error (there is nowhere left to report it). One line with one `write`
    /// where it fits, so that lines from several threads do not interleave within a line.
    public static func write(_ text: String, to descriptor: Int32) {
        var line = text + "\n"
        line.withUTF8 { buffer in
            var remaining = UnsafeRawBufferPointer(buffer)
            while !remaining.isEmpty {
                let written = Glibc.write(descriptor, remaining.baseAddress, remaining.count)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                remaining = UnsafeRawBufferPointer(rebasing: remaining[written...])
            }
        }
    }
}
