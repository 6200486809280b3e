/// The version pilot reports (`pilot --version`, generated file headers, the control socket).
public enum PilotVersion {
    /// The current version.
    public static let current = "0.1.0"
}
