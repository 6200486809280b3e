/// A value an `Encodable` has produced, before it is written as text.
///
/// Containers are classes because Codable hands out containers that must keep writing into the same place
/// after they are returned; the whole tree lives only for one ``JSONTextEncoder/encode(_:)`` call.
enum EncodedValue {
    /// A number, `true`, `false` or `null`: written as it stands.
    case literal(String)
    /// A string, escaped when written.
    case string(String)
    /// An object.
    case object(EncodedObject)
    /// An array.
    case array(EncodedArray)
    /// The value of a `superEncoder()`, known only once its user has finished with it.
    case deferred(NodeEncoder)
}

/// An object being encoded: its members in the order first encoded, a key encoded again replacing its value.
final class EncodedObject {
    private(set) var keys: [String] = []
    private(set) var values: [String: EncodedValue] = [:]

    /// Sets the value of `key`.
    func set(_ value: EncodedValue, for key: String) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
    }
}

/// An array being encoded.
final class EncodedArray {
    var elements: [EncodedValue] = []
}
