/// Runs work that must not hold up shutdown for longer than a bound.
enum Deadline {
    /// Why the work did not finish.
    struct Exceeded: Error, Sendable, CustomStringConvertible {
        /// The bound.
        var limit: Duration

        var description: String { "no answer within \(limit)" }
    }

    /// `operation`'s result, or ``Exceeded`` once `limit` has passed (the operation is then cancelled).
    static func run<Value: Sendable>(
        within limit: Duration, _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await withThrowingTaskGroup(of: Value.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw Exceeded(limit: limit)
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}
