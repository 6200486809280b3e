/// The version pilot-codegen reports and writes into every generated file's header: pilot's version.
enum CodegenVersion {
    /// The current version.
    static let current = "0.1.0"
}
