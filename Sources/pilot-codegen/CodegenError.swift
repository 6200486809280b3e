import DiscoveryModel

/// Why pilot-codegen wrote nothing: a problem with its input (exit 2) or with writing the output (exit 1).
///
/// Its description is one line, with the place of the problem first when it has one, as compilers print:
/// `serviceDependencies.json:3:26: error: "userApi" and "user-api" both become the Java method userApi()`.
struct CodegenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is. New codes may be added.
    struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The dependency file cannot be read, or is not a valid dependency file.
        static let invalidDependencyFile = Code("invalid-dependency-file")
        /// `--service` is not declared in the dependency file.
        static let unknownService = Code("unknown-service")
        /// A service name is not an RFC 1123 label, so it cannot be a Consul service or an accessor.
        static let invalidServiceName = Code("invalid-service-name")
        /// Two dependencies would get the same accessor name in the target language.
        static let nameCollision = Code("name-collision")
        /// `--package` is not a valid package name in the target language.
        static let invalidPackage = Code("invalid-package")
        /// The output could not be written.
        static let cannotWrite = Code("cannot-write")

        /// The code's name.
        var description: String { name }
    }

    /// What kind of problem this is.
    var code: Code
    /// Where in the dependency file, when the problem has a place.
    var location: SourceLocation?
    /// The file concerned when the problem has no line and column.
    var file: String?
    /// What is wrong, in words for the user.
    var message: String

    /// Whether this is bad input (exit 2) rather than a failure to write (exit 1).
    var isUsageError: Bool { code != .cannotWrite }

    /// `file:line:column: error: message`, `file: error: message`, or `pilot-codegen: error: message`.
    var description: String {
        let place = location?.description ?? file ?? "pilot-codegen"
        return "\(place): error: \(message)"
    }

    /// The error for a dependency file that cannot be used.
    init(_ error: DependencyFileError) {
        self.code = .invalidDependencyFile
        self.location = error.location
        self.file = error.file
        self.message = error.key.map { "\(JSONText.quoted($0)): \(error.message)" } ?? error.message
    }

    /// Creates an error.
    init(code: Code, location: SourceLocation? = nil, file: String? = nil, message: String) {
        self.code = code
        self.location = location
        self.file = file
        self.message = message
    }
}
