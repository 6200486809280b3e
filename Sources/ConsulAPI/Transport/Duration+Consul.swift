import NIOCore
import SettingValues

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
    /// Parses a Go duration string such as `"10s"`, `"1m30s"`, `"1.5h"` or `"250ms"`, as Consul writes them,
    /// with the one duration parser pilot has (``SettingValues/DurationText``).
    ///
    /// Returns `nil` for anything else, and for a duration beyond Go's range.
    init?(goDuration text: String) {
        guard let duration = try? DurationText.parse(text, bareSeconds: false) else { return nil }
        self = duration
    }
}
