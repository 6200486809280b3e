/// The version pilot reports (`pilot --version`, generated file headers, the control socket).
enum PilotVersion {
    /// The current version.
    static let current = "0.1.0"
}
