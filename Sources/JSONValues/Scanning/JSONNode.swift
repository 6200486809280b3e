/// A JSON value as it stands in a source file: the value and the byte offset where it starts.
///
/// This is what the position-tracking scanner produces, so that every diagnostic can name the line and
/// column of the key or value at fault, which no `Decoder` reports.
public struct JSONNode: Sendable {
    /// The byte offset of the value's first character in its source.
    public var offset: Int
    /// The value.
    public var value: JSONValue

    /// Creates a node.
    public init(offset: Int, value: JSONValue) {
        self.offset = offset
        self.value = value
    }
}

/// One `key: value` pair of a JSON object, in source order; duplicate keys are kept, not merged.
public struct JSONMember: Sendable {
    /// The key, with escapes resolved.
    public var key: String
    /// The byte offset of the key's first character (its opening quote, if quoted).
    public var keyOffset: Int
    /// The value.
    public var value: JSONNode

    /// Creates a member.
    public init(key: String, keyOffset: Int, value: JSONNode) {
        self.key = key
        self.keyOffset = keyOffset
        self.value = value
    }
}

/// The value of a ``JSONNode``.
public enum JSONValue: Sendable {
    /// An object, its members in source order.
    case object([JSONMember])
    /// An array.
    case array([JSONNode])
    /// A string, escapes resolved.
    case string(String)
    /// A number, kept as its source text (`1e3`, `0x1F`, `Infinity`), since no rule here computes with it.
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    /// The kind of value with its article, for messages such as "expected an array, found a number".
    public var kindDescription: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool(let value): "\(value)"
        case .null: "null"
        }
    }
}
