/// The keyed container over a JSON object's members. A key that appears twice takes its last value, as
/// Foundation's decoder does.
struct NodeKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: NodeDecoder
    /// The members by key.
    private let values: [String: JSONNode]
    /// The keys in source order, each once, for `allKeys` (a dictionary decoded keeps no order, but a
    /// stable one makes errors reproducible).
    private let keys: [String]

    init(decoder: NodeDecoder, members: [JSONMember]) {
        self.decoder = decoder
        var values: [String: JSONNode] = [:]
        var keys: [String] = []
        values.reserveCapacity(members.count)
        for member in members {
            if values.updateValue(member.value, forKey: member.key) == nil { keys.append(member.key) }
        }
        self.values = values
        self.keys = keys
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { values[key.stringValue] != nil }

    /// The decoder of the value at `key`.
    ///
    /// - Throws: `DecodingError.keyNotFound` when the object has no such key.
    private func child(_ key: Key) throws -> NodeDecoder {
        guard let node = values[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key,
                DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return decoder.child(node, at: key)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try child(key).decodeNil() }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try child(key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).decode(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).decode(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).decode(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).decode(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).decode(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).decode(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).decode(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).decode(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        superDecoder(at: JSONIndexKey.super, named: JSONIndexKey.super.stringValue)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        superDecoder(at: key, named: key.stringValue)
    }

    /// A missing `super` value decodes as `null`, as in Foundation, so an optional superclass value can be absent.
    private func superDecoder(at key: any CodingKey, named name: String) -> NodeDecoder {
        let node = values[name] ?? JSONNode(offset: decoder.node.offset, value: .null)
        return decoder.child(node, at: key)
    }
}
