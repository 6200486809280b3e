import Glibc

/// A child process that could not be started: which command and why.
struct SpawnError: Error, Sendable, CustomStringConvertible {
    /// The program that was to run.
    var program: String
    /// The `errno` value of the step that failed: fork, the set-up in the child, or exec.
    var code: Int32

    /// `cannot start "./ping": No such file or directory`.
    var description: String {
        "cannot start \"\(program)\": \(String(cString: strerror(code)))"
    }
}
