/// Text that is not JSON5: what was wrong and the byte offset where it was found.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    /// What was wrong, in words for the user ("expected ',' or '}' after an object member").
    public var message: String
    /// The byte offset of the offending character.
    public var offset: Int

    /// Creates an error.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }
}
