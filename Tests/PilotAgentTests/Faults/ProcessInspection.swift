import Foundation
import TestSupport

/// Looks at processes through `/proc`, for the fault tests about children.
enum ProcessInspection {
    /// Whether `pid` exists and has not exited (a zombie waiting to be reaped counts as gone).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }

    /// The live processes whose command line is exactly `arguments`.
    static func processes(running arguments: [String]) -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap(Int32.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return words == arguments && isAlive(pid)
        }
    }

    /// Kills what a failed test may have left running.
    static func killAll(running arguments: [String]) {
        for pid in processes(running: arguments) { kill(pid, SIGKILL) }
    }

    /// The descriptor numbers in the output of `ls -l /proc/<pid>/fd`.
    static func descriptors(inListing listing: String) -> [Int] {
        listing.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard let arrow = words.firstIndex(of: "->"), arrow > 0 else { return nil }
            return Int(words[arrow - 1])
        }.sorted()
    }

    /// The process ID written in `file`, once it is there.
    static func waitForPID(in file: URL, timeout: Duration = .seconds(20)) async throws -> Int32 {
        try await Polling.until("a process ID in \(file.lastPathComponent)", timeout: timeout) {
            (try? String(contentsOf: file, encoding: .utf8)).flatMap {
                Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
    }
}
