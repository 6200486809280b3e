/// The one parser of durations in pilot, for settings and for Consul's JSON alike.
///
/// It reads Go's and Consul's form (`500ms`, `5s`, `1m30s`, `1.5h`, `250us`, `10ns`, an optional sign) and a
/// plain number of seconds (`5`, `0.5`), the way shell users write a setting. A duration beyond what a 64-bit
/// count of nanoseconds holds (about 292 years, Go's own limit) is rejected rather than trapping, because the
/// agent hands durations to timers that count nanoseconds.
public enum DurationText {
    /// Why a text is not a duration.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// Not a number with units.
        case malformed
        /// A duration beyond ``maximum``.
        case tooLong

        /// A phrase for a settings error.
        public var description: String {
            switch self {
            case .malformed: "expected a duration such as 5s, 500ms or 1m"
            case .tooLong: "too long: at most \(DurationText.maximumText)"
            }
        }
    }

    /// The longest duration accepted, whole seconds of Go's `time.Duration` range (`2562047h47m16s`).
    public static let maximum: Duration = .seconds(Int64.max / 1_000_000_000)
    /// ``maximum`` as the error message writes it.
    static let maximumText = "2562047h"

    /// Parses a duration, which may be negative (`-5s`).
    ///
    /// - Parameter bareSeconds: whether a number without a unit counts as seconds, as in settings; Go and
    ///   Consul accept a bare number only for `0`.
    /// - Throws: ``Problem/malformed`` for text that is not a duration, ``Problem/tooLong`` beyond ``maximum``.
    public static func parse(_ text: String, bareSeconds: Bool = true) throws(Problem) -> Duration {
        var rest = Substring(text.trimmingWhitespace())
        var negative = false
        if rest.first == "-" || rest.first == "+" {
            negative = rest.first == "-"
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty else { throw .malformed }
        // Nanoseconds as a Double: exact enough for settings, and an overflow shows as a large value instead
        // of a trap.
        var nanoseconds: Double = 0
        if let seconds = Double(rest), rest.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) {
            guard bareSeconds || seconds == 0 else { throw .malformed }
            nanoseconds = seconds * 1e9
        } else {
            while !rest.isEmpty {
                let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
                guard !number.isEmpty, let value = Double(number) else { throw .malformed }
                rest = rest.dropFirst(number.count)
                let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
                rest = rest.dropFirst(unit.count)
                guard let scale = Self.nanosecondsPerUnit[String(unit)] else { throw .malformed }
                nanoseconds += value * scale
            }
        }
        guard nanoseconds.isFinite else { throw .tooLong }
        guard nanoseconds <= Double(Self.maximum.components.seconds) * 1e9 else { throw .tooLong }
        let duration = Duration.nanoseconds(Int64(nanoseconds.rounded()))
        return negative ? .zero - duration : duration
    }

    /// Go's units and Consul's.
    private static let nanosecondsPerUnit: [String: Double] = [
        "ns": 1, "us": 1e3, "µs": 1e3, "μs": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9,
    ]

    /// `5s`, `500ms`, `1m30s`: the shortest exact form in milliseconds, for printing settings.
    public static func format(_ duration: Duration) -> String {
        let milliseconds =
            duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if milliseconds == 0 { return "0s" }
        if milliseconds < 0 { return "-" + format(.zero - duration) }
        if milliseconds % 1000 != 0 { return "\(milliseconds)ms" }
        var seconds = milliseconds / 1000
        var text = ""
        if seconds >= 3600 {
            text += "\(seconds / 3600)h"
            seconds %= 3600
        }
        if seconds >= 60 {
            text += "\(seconds / 60)m"
            seconds %= 60
        }
        if seconds > 0 { text += "\(seconds)s" }
        return text
    }
}
