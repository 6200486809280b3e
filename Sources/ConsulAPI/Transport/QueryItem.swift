/// One `name[=value]` pair of a query string; a `nil` value is a bare flag such as `stale`.
struct QueryItem: Sendable, Hashable {
    var name: String
    var value: String?

    init(_ name: String, _ value: String? = nil) {
        self.name = name
        self.value = value
    }

    /// `name=value` with both parts percent-encoded.
    var encoded: String {
        guard let value else { return PercentEncoding.encode(self.name, keepingSlashes: false) }
        return PercentEncoding.encode(self.name, keepingSlashes: false) + "="
            + PercentEncoding.encode(value, keepingSlashes: false)
    }
}

/// RFC 3986 percent-encoding of path segments and query parts.
enum PercentEncoding {
    /// Encodes everything but unreserved characters (and `/` when `keepingSlashes`, for KV keys and paths).
    static func encode(_ text: String, keepingSlashes: Bool) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepingSlashes:
                result.append("/")
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return result
    }
}
