public import DiscoveryModel

/// Something ContainerPilot accepts that is almost certainly not what the author meant, reported without
/// refusing the file, because a configuration that runs under ContainerPilot must run under pilot.
public struct ConfigurationWarning: Hashable, Sendable, CustomStringConvertible {
    /// Where the questionable key or value is.
    public var location: SourceLocation
    /// Its key path, e.g. `jobs[0].initial_status`.
    public var keyPath: String
    /// What is questionable and what happens instead.
    public var message: String

    /// Creates a warning.
    public init(location: SourceLocation, keyPath: String, message: String) {
        self.location = location
        self.keyPath = keyPath
        self.message = message
    }

    /// `file:line:column: key.path: message`.
    public var description: String {
        keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}
