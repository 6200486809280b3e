/// Decodes `Decodable` values from JSON (or JSON5) text, without Foundation.
///
/// It reads what Foundation's `JSONDecoder` reads with its default strategies and throws the same
/// `DecodingError` cases with the same coding paths, so models keep their `Codable` conformances. The text
/// is scanned by ``JSON5Scanner``, so JSON5 is accepted as with `allowsJSON5`; that is harmless for strict JSON
/// producers such as Consul, whose replies are a subset.
public struct JSONNodeDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes a value of `type` from UTF-8 JSON text.
    ///
    /// - Throws: `DecodingError.dataCorrupted` wrapping a ``JSONSyntaxError`` when the text is not JSON, or
    ///   the `DecodingError` of the first value that does not fit `type`.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: some Sequence<UInt8>) throws -> T {
        let root: JSONNode
        do {
            root = try JSON5Scanner.parse(Array(bytes))
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
