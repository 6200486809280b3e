import DiscoveryModel

/// A value of the document with what is needed to name it in a message: its node (and so its offset), the
/// offset of its key when it is an object member, and its key path.
struct LocatedValue {
    /// The value and the offset where it starts.
    var node: JSONNode
    /// Where its key starts, when the value is a member of an object.
    var keyOffset: Int?
    /// The path from the root.
    var path: KeyPath

    /// The value.
    var value: JSONValue { node.value }

    /// Whether the value is JSON `null`, which ContainerPilot's decoder treats as an absent key.
    var isNull: Bool {
        if case .null = node.value { return true }
        return false
    }
}
