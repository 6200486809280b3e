/// The path from the document's root to a value, written as users read it: `jobs[1].health.interval`.
struct KeyPath: Sendable, CustomStringConvertible {
    /// One step of a path.
    enum Component: Sendable {
        /// A member of an object.
        case key(String)
        /// An element of an array, counted from 0.
        case index(Int)
    }

    /// The steps from the root.
    private(set) var components: [Component] = []

    /// The root of the document.
    static let root = KeyPath()

    /// The path of member `key` of the object at this path.
    func appending(_ key: String) -> KeyPath {
        var path = self
        path.components.append(.key(key))
        return path
    }

    /// The path of element `index` of the array at this path.
    func appending(index: Int) -> KeyPath {
        var path = self
        path.components.append(.index(index))
        return path
    }

    /// The member name of the last step, when it is a member of an object.
    var lastKey: String? {
        if case .key(let key) = components.last { return key }
        return nil
    }

    /// `jobs[1].health.interval`; empty for the root.
    var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}
