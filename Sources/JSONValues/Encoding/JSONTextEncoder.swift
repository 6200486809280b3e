/// Encodes `Encodable` values as JSON text, without Foundation, byte for byte as Foundation's `JSONEncoder`
/// writes them with the same output formatting and default strategies.
///
/// Keys are written in the order they were encoded unless ``OutputFormatting/sortedKeys`` is set (Foundation
/// writes them in hash order then, which differs from run to run); with it, in the order of their UTF-8 bytes,
/// as Foundation sorts them on Linux.
public struct JSONTextEncoder: Sendable {
    /// How the text is laid out, named as Foundation's options are.
    public struct OutputFormatting: OptionSet, Sendable {
        public let rawValue: Int

        /// Creates the options with `rawValue`'s bits.
        public init(rawValue: Int) {
            self.rawValue = rawValue
        }

        /// Members and elements on lines of their own, indented by two spaces, with ` : ` after a key.
        public static let prettyPrinted = OutputFormatting(rawValue: 1 << 0)
        /// Object members in the order of their keys' UTF-8 bytes.
        public static let sortedKeys = OutputFormatting(rawValue: 1 << 1)
        /// `/` written as it is, not as `\/`.
        public static let withoutEscapingSlashes = OutputFormatting(rawValue: 1 << 3)
    }

    /// The layout of the text.
    public var outputFormatting: OutputFormatting

    /// Creates an encoder; by default compact, keys in encoding order, slashes escaped (Foundation's defaults).
    public init(outputFormatting: OutputFormatting = []) {
        self.outputFormatting = outputFormatting
    }

    /// The UTF-8 JSON text of `value`.
    ///
    /// - Throws: `EncodingError.invalidValue` for a floating-point value that is not finite, which JSON cannot
    ///   express, or whatever `value`'s `encode(to:)` throws.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let tree = try NodeEncoder(codingPath: []).encodeValue(value)
        var writer = EncodedValueWriter(outputFormatting: outputFormatting)
        writer.write(tree)
        return writer.bytes
    }
}
