/// A read's decoded content together with its ``ConsulQueryMeta``.
public struct ConsulQueryResult<Value: Sendable>: Sendable {
    /// The content.
    public var value: Value
    /// The reply's index and leader information.
    public var meta: ConsulQueryMeta

    /// Creates a result; used by the client and by test doubles.
    public init(value: Value, meta: ConsulQueryMeta) {
        self.value = value
        self.meta = meta
    }

    /// The same metadata with the content transformed, for example reduced to what a watch should compare.
    public func map<Other: Sendable, Failure: Error>(
        _ transform: (Value) throws(Failure) -> Other
    ) throws(Failure) -> ConsulQueryResult<Other> {
        ConsulQueryResult<Other>(value: try transform(self.value), meta: self.meta)
    }
}
