public import DiscoveryModel

/// Why a ContainerPilot configuration cannot be used: where (file, line, column, key path) and what is wrong.
///
/// The description has the form editors understand, e.g.
/// `containerpilot.json5:12:7: jobs[1].health.interval: expected a whole number of seconds, found "abc"`.
public struct ContainerPilotConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of fault, so that callers and tests can tell faults apart without reading messages.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The text is not JSON5.
        public static let syntax = Code("syntax")
        /// A key ContainerPilot does not know at that place.
        public static let unknownKey = Code("unknownKey")
        /// A value of a type that cannot stand for what the key expects (an object where a string belongs).
        public static let wrongType = Code("wrongType")
        /// A value of the right type that is not allowed (a bad duration, event name, interface, negative port).
        public static let invalidValue = Code("invalidValue")
        /// A value that must be present is missing or empty.
        public static let missingValue = Code("missingValue")
        /// Two keys that may not be used together (`once` with `each`, `interval` with `source`).
        public static let conflict = Code("conflict")
        /// Two jobs, watches or metrics with the same name.
        public static let duplicateName = Code("duplicateName")

        /// The code's name.
        public var description: String { name }
    }

    /// The kind of fault.
    public var code: Code
    /// The file, line and column of the key or value at fault.
    public var location: SourceLocation
    /// The key path of the value at fault, e.g. `jobs[1].health.interval`; empty for the whole document.
    public var keyPath: String
    /// What is wrong, in words for the user.
    public var message: String

    /// Creates an error.
    public init(code: Code, location: SourceLocation, keyPath: String, message: String) {
        self.code = code
        self.location = location
        self.keyPath = keyPath
        self.message = message
    }

    /// `file:line:column: key.path: message`.
    public var description: String {
        keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}
