/// Splitting a command line into words the way a POSIX shell does, without running a shell: blanks
/// separate words, single quotes keep everything literally, double quotes keep everything but `\"`,
/// `\\`, `\$` and `` \` ``, and a backslash outside quotes escapes the next character.
/// No expansion of variables, globs or `~` is made.
public enum ShellWords {
    /// Why a command line cannot be split.
    public struct SplitError: Error, Sendable, Equatable {
        /// What is wrong, e.g. "unterminated single quote".
        public var reason: String
    }

    /// The words of `line`.
    ///
    /// - Throws: ``SplitError`` for an unterminated quote or a trailing backslash.
    public static func split(_ line: String) throws(SplitError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = line.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            switch scalar {
            case " ", "\t", "\n":
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            case "'":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "'" {
                        closed = true
                        break
                    }
                    current.unicodeScalars.append(next)
                }
                guard closed else { throw SplitError(reason: "unterminated single quote") }
            case "\"":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "\"" {
                        closed = true
                        break
                    }
                    if next == "\\" {
                        guard let escaped = iterator.next() else { break }
                        if !["\"", "\\", "$", "`", "\n"].contains(escaped) { current.unicodeScalars.append("\\") }
                        if escaped != "\n" { current.unicodeScalars.append(escaped) }
                        continue
                    }
                    current.unicodeScalars.append(next)
                }
                guard closed else { throw SplitError(reason: "unterminated double quote") }
            case "\\":
                guard let escaped = iterator.next() else { throw SplitError(reason: "a trailing backslash") }
                if escaped != "\n" {
                    inWord = true
                    current.unicodeScalars.append(escaped)
                }
            default:
                inWord = true
                current.unicodeScalars.append(scalar)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
