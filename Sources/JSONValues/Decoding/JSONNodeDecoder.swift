/// Decodes `Decodable` values from JSON (or JSON5) text, without Foundation.
///
/// It reads what Foundation's `JSONDecoder` reads with its default strategies and throws the same
/// `DecodingError` cases at the same coding paths (one exception: a number out of range in an array names the
/// element, where Foundation names the array), so models keep their `Codable` conformances. The text is
/// scanned by ``JSON5Scanner``, as JSON unless ``allowsJSON5`` is set, as with Foundation's decoder.
public struct JSONNodeDecoder: Sendable {
    /// Whether JSON5 text is accepted (comments, trailing commas, unquoted keys, ...); by default only JSON.
    public var allowsJSON5: Bool

    /// Creates a decoder; by default of JSON only, as Foundation's.
    public init(allowsJSON5: Bool = false) {
        self.allowsJSON5 = allowsJSON5
    }

    /// Decodes a value of `type` from UTF-8 JSON text.
    ///
    /// - Throws: `DecodingError.dataCorrupted` wrapping a ``JSONSyntaxError`` when the text is not JSON, or
    ///   the `DecodingError` of the first value that does not fit `type`.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: some Sequence<UInt8>) throws -> T {
        let root: JSONNode
        do {
            root = try JSON5Scanner.parse(Array(bytes), strictJSON: !allowsJSON5)
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: [], debugDescription: "The given data was not valid JSON.", underlyingError: error))
        }
        return try decode(type, from: root)
    }

    /// Decodes a value of `type` from a node already scanned, such as a configuration file's root.
    ///
    /// - Throws: the `DecodingError` of the first value that does not fit `type`.
    public func decode<T: Decodable>(_ type: T.Type, from node: JSONNode) throws -> T {
        try NodeDecoder(node: node, codingPath: []).decode(type)
    }
}
