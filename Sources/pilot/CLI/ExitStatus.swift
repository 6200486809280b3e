import ArgumentParser

/// The exit codes every pilot command uses.
enum ExitStatus: Int32 {
    /// Everything went as asked.
    case success = 0
    /// A failure at run time, or lint found errors.
    case failure = 1
    /// The command line, a setting or an input file is wrong: fix it and try again.
    case usage = 2

    /// The matching argument-parser exit code, to throw from `run()`.
    var exitCode: ExitCode { ExitCode(rawValue) }
}
