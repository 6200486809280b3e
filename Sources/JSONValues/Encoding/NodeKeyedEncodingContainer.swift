/// The keyed container writing into one ``EncodedObject``.
struct NodeKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: NodeEncoder
    let object: EncodedObject

    var codingPath: [any CodingKey] { encoder.codingPath }

    private func set(_ value: EncodedValue, _ key: Key) { object.set(value, for: key.stringValue) }

    mutating func encodeNil(forKey key: Key) { set(.literal("null"), key) }
    mutating func encode(_ value: Bool, forKey key: Key) { set(.literal(value ? "true" : "false"), key) }
    mutating func encode(_ value: String, forKey key: Key) { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        set(try NodeEncoder.number(value, at: codingPath + [key]), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        set(try NodeEncoder.number(value, at: codingPath + [key]), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) { set(.literal(String(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) { set(.literal(String(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) { set(.literal(String(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) { set(.literal(String(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) { set(.literal(String(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) { set(.literal(String(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) { set(.literal(String(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) { set(.literal(String(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) { set(.literal(String(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) { set(.literal(String(value)), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(try encoder.encodeChild(value, at: key), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = NodeEncoder(codingPath: codingPath + [key])
        set(.object(nested.objectStorage()), key)
        return nested.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = NodeEncoder(codingPath: codingPath + [key])
        set(.array(nested.arrayStorage()), key)
        return nested.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(at: JSONIndexKey.super, named: JSONIndexKey.super.stringValue)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(at: key, named: key.stringValue)
    }

    private func superEncoder(at key: any CodingKey, named name: String) -> any Encoder {
        let nested = NodeEncoder(codingPath: codingPath + [key])
        object.set(.deferred(nested), for: name)
        return nested
    }
}
