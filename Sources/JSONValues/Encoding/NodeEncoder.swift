/// The `Encoder` for one value; it is also the value's single-value container.
final class NodeEncoder: Encoder, SingleValueEncodingContainer {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// What has been encoded so far; `nil` until something is.
    private(set) var value: EncodedValue?

    init(codingPath: [any CodingKey]) {
        self.codingPath = codingPath
    }

    /// The value once encoding is done: an object when nothing was encoded, as Foundation writes `{}` then.
    var finishedValue: EncodedValue { value ?? .object(EncodedObject()) }

    /// Encodes `value` one level below this encoder, at `key`, and returns what it produced.
    func encodeChild<T: Encodable>(_ value: T, at key: any CodingKey) throws -> EncodedValue {
        try NodeEncoder(codingPath: codingPath + [key]).encodeValue(value)
    }

    /// Encodes `value` with this encoder and returns what it produced.
    func encodeValue<T: Encodable>(_ value: T) throws -> EncodedValue {
        try value.encode(to: self)
        return finishedValue
    }

    // MARK: Encoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(NodeKeyedEncodingContainer<Key>(encoder: self, object: objectStorage()))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        NodeUnkeyedEncodingContainer(encoder: self, array: arrayStorage())
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    /// The object this encoder writes into; asking twice gives the same one, as Codable requires.
    func objectStorage() -> EncodedObject {
        if case .object(let object) = value { return object }
        let object = EncodedObject()
        value = .object(object)
        return object
    }

    /// The array this encoder writes into; asking twice gives the same one.
    func arrayStorage() -> EncodedArray {
        if case .array(let array) = value { return array }
        let array = EncodedArray()
        value = .array(array)
        return array
    }

    // MARK: Single value

    func encodeNil() { value = .literal("null") }
    func encode(_ value: Bool) { self.value = .literal(value ? "true" : "false") }
    func encode(_ value: String) { self.value = .string(value) }
    func encode(_ value: Double) throws { self.value = try Self.number(value, at: codingPath) }
    func encode(_ value: Float) throws { self.value = try Self.number(value, at: codingPath) }
    func encode(_ value: Int) { self.value = .literal(String(value)) }
    func encode(_ value: Int8) { self.value = .literal(String(value)) }
    func encode(_ value: Int16) { self.value = .literal(String(value)) }
    func encode(_ value: Int32) { self.value = .literal(String(value)) }
    func encode(_ value: Int64) { self.value = .literal(String(value)) }
    func encode(_ value: UInt) { self.value = .literal(String(value)) }
    func encode(_ value: UInt8) { self.value = .literal(String(value)) }
    func encode(_ value: UInt16) { self.value = .literal(String(value)) }
    func encode(_ value: UInt32) { self.value = .literal(String(value)) }
    func encode(_ value: UInt64) { self.value = .literal(String(value)) }
    func encode<T: Encodable>(_ value: T) throws { self.value = try encodeValue(value) }

    /// A floating-point number as Foundation writes it: Swift's shortest round-tripping text, without a
    /// trailing `.0`.
    ///
    /// - Throws: `EncodingError.invalidValue` for infinity and NaN, which JSON cannot express.
    static func number<T: BinaryFloatingPoint & CustomStringConvertible>(
        _ value: T, at codingPath: [any CodingKey]
    ) throws -> EncodedValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: codingPath, debugDescription: "Unable to encode \(T.self).\(value) directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .literal(text)
    }
}
