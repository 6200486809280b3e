/// A setting that cannot be used: which variable (or option), the value given, and what is wrong.
///
/// The description never shows the value of a secret, only its name.
public struct SettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The environment variable or option at fault, e.g. `SERVICE_PORT`.
    public var variable: String
    /// The value given.
    public var value: String
    /// What is wrong and what would be right.
    public var reason: String

    /// Creates an error.
    public init(variable: String, value: String, reason: String) {
        self.variable = variable
        self.value = value
        self.reason = reason
    }

    /// `SERVICE_PORT="abc": expected a port number from 1 to 65535`.
    public var description: String {
        "\(variable)=\(JSONText.quoted(value)): \(reason)"
    }
}
