/// Writing JSON text by hand, where the exact bytes matter (the same content must give the same bytes).
public enum JSONText {
    /// A string as a JSON string literal, quotes included, escaping only what JSON requires.
    public static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 2)
        appendQuoted(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal, quotes included, to UTF-8 `bytes`: the bytes of
    /// ``quoted(_:)``, without making a string.
    public static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        appendEscaped(text, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends the UTF-8 of `text` with `"`, `\` and control characters escaped, and `/` as `\/` when
    /// `escapingSlashes` is set (what Foundation's `JSONEncoder` does unless told `.withoutEscapingSlashes`).
    ///
    /// Working on bytes is exact: every byte of a multi-byte UTF-8 sequence is 0x80 or above, so the
    /// bytes that need escaping are exactly the scalars that do.
    public static func appendEscaped(_ text: String, to bytes: inout [UInt8], escapingSlashes: Bool = false) {
        // Names and addresses almost never need escaping: then the bytes are copied in one go.
        guard
            text.utf8.contains(where: {
                $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\")
                    || (escapingSlashes && $0 == UInt8(ascii: "/"))
            })
        else {
            bytes.append(contentsOf: text.utf8)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case UInt8(ascii: "/") where escapingSlashes:
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case UInt8(ascii: "\n"): appendEscape(UInt8(ascii: "n"), to: &bytes)
            case UInt8(ascii: "\r"): appendEscape(UInt8(ascii: "r"), to: &bytes)
            case UInt8(ascii: "\t"): appendEscape(UInt8(ascii: "t"), to: &bytes)
            case 0x08: appendEscape(UInt8(ascii: "b"), to: &bytes)
            case 0x0C: appendEscape(UInt8(ascii: "f"), to: &bytes)
            case 0x00...0x1F:
                // \u00XX, lower-case hexadecimal as JSON writers commonly use.
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(hexDigit(byte >> 4))
                bytes.append(hexDigit(byte & 0x0F))
            default:
                bytes.append(byte)
            }
        }
    }

    /// Appends the decimal digits of `number`, with a minus sign when it is negative, as `String(number)`.
    public static func appendDecimal(_ number: Int, to bytes: inout [UInt8]) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        let start = bytes.count
        var magnitude = number.magnitude
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        // The digits came least significant first.
        bytes[start...].reverse()
    }

    private static func appendEscape(_ letter: UInt8, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(letter)
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
