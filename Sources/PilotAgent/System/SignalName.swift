import Glibc

/// Signal names as people write them (`SIGHUP`, `HUP`, `hup`), for settings and messages.
enum SignalName {
    private static let names: [(String, Int32)] = [
        ("SIGHUP", SIGHUP), ("SIGINT", SIGINT), ("SIGQUIT", SIGQUIT), ("SIGKILL", SIGKILL),
        ("SIGUSR1", SIGUSR1), ("SIGUSR2", SIGUSR2), ("SIGPIPE", SIGPIPE), ("SIGALRM", SIGALRM),
        ("SIGTERM", SIGTERM), ("SIGCHLD", SIGCHLD), ("SIGCONT", SIGCONT), ("SIGSTOP", SIGSTOP),
        ("SIGTSTP", SIGTSTP), ("SIGWINCH", SIGWINCH), ("SIGABRT", SIGABRT), ("SIGSEGV", SIGSEGV),
    ]

    /// `SIGHUP` for 1; `signal 40` for one without a name here.
    static func name(of signal: Int32) -> String {
        names.first { $0.1 == signal }?.0 ?? "signal \(signal)"
    }

    /// The number of a signal named `SIGHUP`, `HUP` or by its number; `nil` for anything else.
    static func number(of text: String) -> Int32? {
        if let number = Int32(text), number > 0, number < 65 { return number }
        let upper = text.uppercased()
        let full = upper.hasPrefix("SIG") ? upper : "SIG" + upper
        return names.first { $0.0 == full }?.1
    }
}
