/// Waiting for a condition by polling it until a deadline, never by sleeping a guessed amount.
public enum Polling {
    public struct TimedOut: Error, CustomStringConvertible {
        public var what: String
        public var description: String { "timed out waiting for \(self.what)" }
    }

    /// Polls `probe` every `interval` until it returns a value, or throws ``TimedOut`` after `timeout`.
    /// Errors thrown by `probe` count as "not yet".
    public static func until<T>(
        _ what: String,
        timeout: Duration = .seconds(20),
        interval: Duration = .milliseconds(25),
        _ probe: () async throws -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = try? await probe() {
                return value
            }
            try await Task.sleep(for: interval)
        }
        throw TimedOut(what: what)
    }
}
