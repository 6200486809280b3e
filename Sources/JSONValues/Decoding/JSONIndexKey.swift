/// The coding key of an array element or of a `super` value, for coding paths: the keys Foundation's coders
/// put in their paths, so errors name the same places.
struct JSONIndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }

    /// The key `superDecoder()` and `superEncoder()` use when none is given.
    static let `super` = JSONIndexKey(stringValue: "super")
}
