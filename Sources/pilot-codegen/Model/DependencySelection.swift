/// The dependencies that typed accessors are generated for: one service's list in a dependency file.
struct DependencySelection: Sendable, Equatable {
    /// One dependency, with the accessor name it gets in the target language.
    struct Entry: Sendable, Equatable {
        /// The service name, as in the file.
        var service: String
        /// The accessor's name in the target language (`UserAPI` in Go, `userApi` in Java and PHP).
        var accessor: String
    }

    /// The dependency file's name (not its path, so that output does not depend on where it was read).
    var fileName: String
    /// The service whose dependencies these are.
    var service: String
    /// The dependencies, in file order, without duplicates.
    var entries: [Entry]
}
