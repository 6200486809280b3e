import Glibc

/// An instant of wall-clock time, to the nanosecond, written as ISO 8601 in UTC to the second
/// (`2026-11-30T18:42:30Z`): what `/v3/status` and the JSON log show, the text Foundation's `.iso8601` gave.
///
/// A type of pilot's own rather than `Date`, so that an idle agent runs none of Foundation's code.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z; negative before.
    public var secondsSince1970: Int64
    /// Nanoseconds past ``secondsSince1970``, 0 to 999,999,999.
    public var nanoseconds: Int32

    /// Creates an instant from seconds and nanoseconds since 1970.
    public init(secondsSince1970: Int64, nanoseconds: Int32 = 0) {
        self.secondsSince1970 = secondsSince1970
        self.nanoseconds = nanoseconds
    }

    /// The wall-clock time now (`CLOCK_REALTIME`).
    public static var now: Timestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Timestamp(secondsSince1970: Int64(time.tv_sec), nanoseconds: Int32(time.tv_nsec))
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.secondsSince1970, lhs.nanoseconds) < (rhs.secondsSince1970, rhs.nanoseconds)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, the fraction of a second dropped.
    public var iso8601: String {
        var seconds = time_t(secondsSince1970)
        var fields = tm()
        gmtime_r(&seconds, &fields)
        var text = ""
        text.reserveCapacity(20)
        Self.append(Int(fields.tm_year) + 1900, width: 4, to: &text)
        text += "-"
        Self.append(Int(fields.tm_mon) + 1, width: 2, to: &text)
        text += "-"
        Self.append(Int(fields.tm_mday), width: 2, to: &text)
        text += "T"
        Self.append(Int(fields.tm_hour), width: 2, to: &text)
        text += ":"
        Self.append(Int(fields.tm_min), width: 2, to: &text)
        text += ":"
        Self.append(Int(fields.tm_sec), width: 2, to: &text)
        text += "Z"
        return text
    }

    public var description: String { iso8601 }

    /// Reads ``iso8601``'s form back; `nil` for anything else.
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            bytes[19] == UInt8(ascii: "Z"),
            let year = Self.number(bytes[0..<4]), let month = Self.number(bytes[5..<7]),
            let day = Self.number(bytes[8..<10]), let hour = Self.number(bytes[11..<13]),
            let minute = Self.number(bytes[14..<16]), let second = Self.number(bytes[17..<19]),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var fields = tm()
        fields.tm_year = Int32(year - 1900)
        fields.tm_mon = Int32(month - 1)
        fields.tm_mday = Int32(day)
        fields.tm_hour = Int32(hour)
        fields.tm_min = Int32(minute)
        fields.tm_sec = Int32(second)
        self.init(secondsSince1970: Int64(timegm(&fields)))
    }

    /// Decodes the ISO 8601 string ``encode(to:)`` writes.
    ///
    /// - Throws: `DecodingError.dataCorrupted` when the string is not in that form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let timestamp = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected date string to be ISO8601-formatted.")
        }
        self = timestamp
    }

    /// Encodes the instant as its ISO 8601 string.
    ///
    /// - Throws: `EncodingError` from the encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }

    private static func append(_ value: Int, width: Int, to text: inout String) {
        let digits = String(value)
        if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
        text += digits
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
