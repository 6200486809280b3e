/// A Consul ACL token, sent as the `X-Consul-Token` header.
///
/// The secret cannot be read back through the public API, and every textual form of the value
/// (`description`, `debugDescription`, `dump`, string interpolation) is redacted, so a token cannot end up in
/// a log line or an error message by accident.
public struct ConsulToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The secret, for the transport only.
    let secret: String

    /// Wraps a token secret (an ACL token's `SecretID`).
    public init(_ secret: String) {
        self.secret = secret
    }

    /// `text` with every occurrence of the secret replaced by `<redacted>`: for a log handler that must
    /// keep the token out of lines whatever a library puts in them.
    public func redacting(_ text: String) -> String {
        guard !secret.isEmpty, text.contains(secret) else { return text }
        return text.replacing(secret, with: "<redacted>")
    }

    /// Always `ConsulToken(<redacted>)`.
    public var description: String { "ConsulToken(<redacted>)" }

    /// Always `ConsulToken(<redacted>)`.
    public var debugDescription: String { self.description }

    /// A mirror with no children, so `dump` and reflection show nothing of the secret.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
