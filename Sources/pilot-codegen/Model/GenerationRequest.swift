/// Everything a generator needs, already checked: the language, the package, and optionally the
/// dependencies that get typed accessors.
struct GenerationRequest: Sendable, Equatable {
    /// The language to write.
    var language: TargetLanguage
    /// The Go package name, Java package or PHP namespace, valid in that language.
    var packageName: String
    /// The dependencies with typed accessors, or `nil` for a generic reader only.
    var dependencies: DependencySelection?
}
