/// Octal permission bits as written in a configuration: `"0644"`, `"644"`, `"0o600"`.
public enum TemplatePermissions {
    /// The bits, or `nil` when `text` is not octal or sets more than the permission and special bits.
    public static func parse(_ text: String) -> UInt32? {
        var digits = Substring(text)
        if digits.hasPrefix("0o") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, let bits = UInt32(digits, radix: 8), bits <= 0o7777 else { return nil }
        return bits
    }
}
