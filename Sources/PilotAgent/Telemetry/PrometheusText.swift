/// The spelling of values in Prometheus' text exposition format (version 0.0.4).
enum PrometheusText {
    /// A sample value or a bound: whole numbers without a fraction (`42`, as the Go client writes them, which
    /// scripts grep for), `+Inf`, `-Inf` and `NaN` as the format spells them, other values in their shortest
    /// exact form.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        // Below 2^53 every whole Double is exact as an integer.
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return value.description
    }

    /// A `# HELP` text: the format escapes only the backslash and the line feed there.
    static func help(_ text: String) -> String {
        // By scalar, not by Character: "\r\n" is one Character, and its line feed must be escaped too.
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": escaped.append(contentsOf: "\\n".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}
