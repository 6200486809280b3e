import Foundation

/// HTTP over a Unix socket with curl, as an operator would (`curl --unix-socket …`).
enum UnixSocketHTTP {
    /// The status code and body of one request over `socket`, or to the URL `path` when `socket` is `nil`.
    static func request(_ socket: String?, _ method: String, _ path: String, body: String? = nil) throws -> (status: Int, body: String) {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/curl")
        var arguments = ["-s", "--max-time", "30", "-X", method, "-w", "\n%{http_code}"]
        if let socket { arguments += ["--unix-socket", socket] }
        if let body { arguments += ["-H", "Content-Type: application/json", "-d", body] }
        process.arguments = arguments + [socket == nil ? path : "http://pilot\(path)"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var text = String(decoding: data, as: UTF8.self)
        let status = Int(text.split(separator: "\n").last ?? "") ?? 0
        if let newline = text.lastIndex(of: "\n") { text = String(text[..<newline]) }
        if text.hasSuffix("\n") { text.removeLast() }
        return (status, text)
    }

    /// The metric lines (no comments) of a Prometheus text body.
    static func samples(_ text: String) -> [String] {
        text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
    }
}
