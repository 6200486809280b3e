import JSONValues

/// A key and its value in Consul's key/value store.
public struct KVPair: Codable, Hashable, Sendable {
    /// The full key.
    public var key: String
    /// The raw value; empty when Consul stores none (`null`).
    public var value: [UInt8]
    /// Opaque flags the writer chose.
    public var flags: UInt64
    /// How many times the key's lock was acquired.
    public var lockIndex: UInt64
    /// The session holding the key's lock, if any.
    public var session: String?
    /// Raft index of the key's creation.
    public var createIndex: UInt64
    /// Raft index of the key's last change: the `cas` value for a check-and-set write.
    public var modifyIndex: UInt64

    /// Creates a pair; for tests and test doubles.
    public init(
        key: String,
        value: [UInt8],
        flags: UInt64 = 0,
        lockIndex: UInt64 = 0,
        session: String? = nil,
        createIndex: UInt64 = 0,
        modifyIndex: UInt64 = 0
    ) {
        self.key = key
        self.value = value
        self.flags = flags
        self.lockIndex = lockIndex
        self.session = session
        self.createIndex = createIndex
        self.modifyIndex = modifyIndex
    }

    /// The value as UTF-8 text, or `nil` when it is not valid UTF-8.
    public var stringValue: String? {
        String(validating: self.value, as: UTF8.self)
    }

    enum CodingKeys: String, CodingKey {
        case key = "Key"
        case value = "Value"
        case flags = "Flags"
        case lockIndex = "LockIndex"
        case session = "Session"
        case createIndex = "CreateIndex"
        case modifyIndex = "ModifyIndex"
    }

    /// Decodes Consul's JSON, where `Value` is base64 or `null`.
    ///
    /// - Throws: `DecodingError` when `Key` is missing or `Value` is not base64.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.key = try container.decode(String.self, forKey: .key)
        if let encoded = try container.decodeIfPresent(String.self, forKey: .value) {
            guard let bytes = Base64Text.decode(encoded) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .value,
                    in: container,
                    debugDescription: "Value is not base64"
                )
            }
            self.value = bytes
        } else {
            self.value = []
        }
        self.flags = try container.decodeIfPresent(UInt64.self, forKey: .flags) ?? 0
        self.lockIndex = try container.decodeIfPresent(UInt64.self, forKey: .lockIndex) ?? 0
        self.session = try container.decodeIfPresent(String.self, forKey: .session)
        self.createIndex = try container.decodeIfPresent(UInt64.self, forKey: .createIndex) ?? 0
        self.modifyIndex = try container.decodeIfPresent(UInt64.self, forKey: .modifyIndex) ?? 0
    }

    /// Encodes the pair as Consul does, with `Value` in base64.
    ///
    /// - Throws: `EncodingError` from the encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.key, forKey: .key)
        try container.encode(Base64Text.encode(self.value), forKey: .value)
        try container.encode(self.flags, forKey: .flags)
        try container.encode(self.lockIndex, forKey: .lockIndex)
        try container.encodeIfPresent(self.session, forKey: .session)
        try container.encode(self.createIndex, forKey: .createIndex)
        try container.encode(self.modifyIndex, forKey: .modifyIndex)
    }
}
