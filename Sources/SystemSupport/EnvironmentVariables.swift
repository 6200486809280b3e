import Glibc

/// The process's environment, read from `environ` without Foundation.
public enum EnvironmentVariables {
    /// The variables as they are now; an entry without `=` is skipped, and a value keeps every `=` after the first.
    public static func current() -> [String: String] {
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
}
