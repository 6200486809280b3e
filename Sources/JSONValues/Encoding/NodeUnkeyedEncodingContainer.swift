/// The unkeyed container appending to one ``EncodedArray``.
struct NodeUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let encoder: NodeEncoder
    let array: EncodedArray

    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { array.elements.count }

    /// The key of the element about to be appended, for coding paths.
    private var nextKey: JSONIndexKey { JSONIndexKey(intValue: count) }

    private func append(_ value: EncodedValue) { array.elements.append(value) }

    mutating func encodeNil() { append(.literal("null")) }
    mutating func encode(_ value: Bool) { append(.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String) { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(try NodeEncoder.number(value, at: codingPath + [nextKey])) }
    mutating func encode(_ value: Float) throws { append(try NodeEncoder.number(value, at: codingPath + [nextKey])) }
    mutating func encode(_ value: Int) { append(.literal(String(value))) }
    mutating func encode(_ value: Int8) { append(.literal(String(value))) }
    mutating func encode(_ value: Int16) { append(.literal(String(value))) }
    mutating func encode(_ value: Int32) { append(.literal(String(value))) }
    mutating func encode(_ value: Int64) { append(.literal(String(value))) }
    mutating func encode(_ value: UInt) { append(.literal(String(value))) }
    mutating func encode(_ value: UInt8) { append(.literal(String(value))) }
    mutating func encode(_ value: UInt16) { append(.literal(String(value))) }
    mutating func encode(_ value: UInt32) { append(.literal(String(value))) }
    mutating func encode(_ value: UInt64) { append(.literal(String(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { append(try encoder.encodeChild(value, at: nextKey)) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = NodeEncoder(codingPath: codingPath + [nextKey])
        append(.object(nested.objectStorage()))
        return nested.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = NodeEncoder(codingPath: codingPath + [nextKey])
        append(.array(nested.arrayStorage()))
        return nested.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let nested = NodeEncoder(codingPath: codingPath + [nextKey])
        append(.deferred(nested))
        return nested
    }
}
