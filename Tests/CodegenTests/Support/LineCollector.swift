import Foundation
import Testing

/// Lines a child process printed, collected from its pipe's handler and awaited by the test.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = Data()

    func append(_ data: Data) {
        lock.withLock { buffer.append(data) }
    }

    var lines: [String] {
        lock.withLock {
            String(decoding: buffer, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .dropLast().map(String.init)
        }
    }

    /// Waits until the lines printed so far are exactly `expected`, for at most 10 seconds.
    func waitFor(_ expected: [String]) async throws {
        _ = try await waitFor(count: expected.count) { $0 == expected }
    }

    /// Waits until `count` lines have been printed and returns them, for at most 10 seconds; records an
    /// issue when they are not what `isExpected` accepts.
    @discardableResult
    func waitFor(count: Int, _ isExpected: ([String]) -> Bool = { _ in true }) async throws -> [String] {
        let deadline = ContinuousClock.now + .seconds(10)
        var seen = lines
        while seen.count < count || (seen.count == count && !isExpected(seen)) {
            guard ContinuousClock.now < deadline, seen.count <= count else { break }
            try await Task.sleep(for: .milliseconds(10))
            seen = lines
        }
        guard seen.count == count, isExpected(seen) else {
            Issue.record("unexpected output lines: \(seen)")
            throw CancellationError()
        }
        return seen
    }
}
