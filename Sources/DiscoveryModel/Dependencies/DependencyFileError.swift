/// A `serviceDependencies.json` that cannot be used: unreadable, not JSON5, or not an object mapping
/// service names to arrays of service names.
///
/// Its description is the one line a user needs:
/// `serviceDependencies.json:4:15: "service2": expected an array of service names, found a number`.
public struct DependencyFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The file could not be read (missing, a directory, no permission).
        public static let unreadable = Code("unreadable")
        /// The text is not JSON5.
        public static let syntax = Code("syntax")
        /// The JSON is valid but not an object of string to array of strings.
        public static let shape = Code("shape")
        /// The file does not declare the service asked for.
        public static let missingService = Code("missing-service")

        /// The code's name.
        public var description: String { name }
    }

    /// What kind of problem this is.
    public var code: Code
    /// The file's path as the user named it.
    public var file: String
    /// Where in the file, when the problem has a place.
    public var location: SourceLocation?
    /// The service whose entry is at fault, when there is one.
    public var key: String?
    /// What is wrong, in words for the user.
    public var message: String

    /// Creates an error.
    public init(code: Code, file: String, location: SourceLocation?, key: String? = nil, message: String) {
        self.code = code
        self.file = file
        self.location = location
        self.key = key
        self.message = message
    }

    /// `file:line:column: "key": message`, or `file: message` without a place.
    public var description: String {
        let place = location.map(\.description) ?? file
        let subject = key.map { "\"\($0)\": " } ?? ""
        return "\(place): \(subject)\(message)"
    }
}
