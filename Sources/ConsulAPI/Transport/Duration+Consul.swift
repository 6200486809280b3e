import NIOCore

extension Duration {
    /// Whole milliseconds, rounded down.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = self.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// The duration as Consul's `wait` parameter expects it, in milliseconds (`"300000ms"`).
    var consulWaitString: String {
        "\(max(self.wholeMilliseconds, 1))ms"
    }

    /// The duration as a Go duration string for Consul's JSON (`"10s"`, `"1500ms"`).
    var goDurationString: String {
        let milliseconds = self.wholeMilliseconds
        if milliseconds % 1000 == 0 {
            return "\(milliseconds / 1000)s"
        }
        return "\(milliseconds)ms"
    }

    /// The same span as a NIO `TimeAmount`.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = self.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

extension Duration {
    /// Parses a Go duration string such as `"10s"`, `"1m30s"`, `"1.5h"` or `"250ms"`, as Consul writes them.
    ///
    /// Returns `nil` for anything else.
    init?(goDuration text: String) {
        if text == "0" {
            self = .zero
            return
        }
        var rest = Substring(text)
        var negative = false
        if rest.first == "-" || rest.first == "+" {
            negative = rest.first == "-"
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty else { return nil }
        var total = Duration.zero
        let units: [(String, Duration)] = [
            ("ns", .nanoseconds(1)), ("us", .microseconds(1)), ("µs", .microseconds(1)),
            ("ms", .milliseconds(1)), ("s", .seconds(1)), ("m", .seconds(60)), ("h", .seconds(3600)),
        ]
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let (suffix, unit) = units.first(where: { rest.hasPrefix($0.0) && !Self.longerUnit(rest, $0.0) })
            else { return nil }
            rest = rest.dropFirst(suffix.count)
            total += unit * value
        }
        self = negative ? .zero - total : total
    }

    /// `m` must not match the start of `ms`.
    private static func longerUnit(_ rest: Substring, _ suffix: String) -> Bool {
        suffix == "m" && rest.hasPrefix("ms")
    }
}
