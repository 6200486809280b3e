import GoTemplate

/// `timestamp ["layout"|"unix"]`: the render's time in UTC, formatted with a Go reference-time layout
/// (`2006-01-02T15:04:05Z07:00`, RFC 3339, by default), or as Unix seconds with `"unix"`.
///
/// The time comes from the render pass (``RegistryTemplate/render(answers:environment:unixTime:)``), whole
/// seconds, so fractional-second elements print zeros (`.000`) or nothing (`.999`).
enum GoTimeLayout {
    /// Go's `time.RFC3339`, consul-template's default.
    static let rfc3339 = "2006-01-02T15:04:05Z07:00"

    /// The `timestamp` function at `unixTime`.
    static func timestamp(_ arguments: [TemplateValue], unixTime: Int) throws(TemplateFunctionError)
        -> TemplateValue
    {
        switch arguments.count {
        case 0:
            return .string(format(unixTime, layout: rfc3339))
        case 1:
            let layout = try TemplateFunctionError.string(arguments, 0)
            return .string(layout == "unix" ? String(unixTime) : format(unixTime, layout: layout))
        default:
            throw TemplateFunctionError(.argumentCount(expected: "0 or 1", got: arguments.count))
        }
    }

    /// The fields of a UTC time.
    struct Fields {
        var year: Int
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
        var second: Int
        /// 0 is Sunday.
        var weekday: Int
        /// 1 to 366.
        var dayOfYear: Int

        /// The fields of `unixTime` seconds after 1970-01-01T00:00:00Z (a proleptic Gregorian calendar).
        init(unixTime: Int) {
            let days = unixTime.floorDivided(by: 86_400)
            let seconds = unixTime - days * 86_400
            hour = seconds / 3600
            minute = seconds % 3600 / 60
            second = seconds % 60
            weekday = (days + 4).floorModulo(7)
            // Civil date from a day count, by 400-year eras of 146,097 days counted from 0000-03-01.
            let shifted = days + 719_468
            let era = shifted.floorDivided(by: 146_097)
            let dayOfEra = shifted - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfMarchYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let monthIndex = (5 * dayOfMarchYear + 2) / 153
            day = dayOfMarchYear - (153 * monthIndex + 2) / 5 + 1
            month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
            year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
            let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let daysBefore = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
            dayOfYear = daysBefore[month - 1] + day + (isLeap && month > 2 ? 1 : 0)
        }
    }

    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    private static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// `unixTime` formatted with Go's `layout` in UTC: each reference element (`2006`, `01`, `Jan`, `15`, `PM`,
    /// `Z07:00`, ...) replaced by the time's, everything else copied.
    static func format(_ unixTime: Int, layout: String) -> String {
        let time = Fields(unixTime: unixTime)
        var rest = Substring(layout)
        var output = ""
        func padded(_ number: Int, _ width: Int, _ pad: Character = "0") -> String {
            let text = String(number)
            return String(repeating: pad, count: max(0, width - text.count)) + text
        }
        let hour12 = time.hour % 12 == 0 ? 12 : time.hour % 12
        // Longest elements first where one is the prefix of another (`2006` before `2`, `-07:00` before `-07`).
        let elements: [(String, () -> String)] = [
            ("January", { months[time.month - 1] }), ("Jan", { String(months[time.month - 1].prefix(3)) }),
            ("Monday", { weekdays[time.weekday] }), ("Mon", { String(weekdays[time.weekday].prefix(3)) }),
            ("MST", { "UTC" }),
            ("2006", { padded(time.year, 4) }), ("_2006", { "_" + padded(time.year, 4) }),
            ("002", { padded(time.dayOfYear, 3) }), ("__2", { padded(time.dayOfYear, 3, " ") }),
            ("01", { padded(time.month, 2) }), ("02", { padded(time.day, 2) }), ("03", { padded(hour12, 2) }),
            ("04", { padded(time.minute, 2) }), ("05", { padded(time.second, 2) }),
            ("06", { padded(time.year % 100, 2) }),
            ("15", { padded(time.hour, 2) }), ("_2", { padded(time.day, 2, " ") }),
            ("1", { String(time.month) }), ("2", { String(time.day) }), ("3", { String(hour12) }),
            ("4", { String(time.minute) }), ("5", { String(time.second) }),
            ("PM", { time.hour >= 12 ? "PM" : "AM" }), ("pm", { time.hour >= 12 ? "pm" : "am" }),
            ("Z07:00:00", { "Z" }), ("Z070000", { "Z" }), ("Z07:00", { "Z" }), ("Z0700", { "Z" }), ("Z07", { "Z" }),
            ("-07:00:00", { "+00:00:00" }), ("-070000", { "+000000" }), ("-07:00", { "+00:00" }),
            ("-0700", { "+0000" }), ("-07", { "+00" }),
        ]
        scan: while !rest.isEmpty {
            if let fraction = fractionalSeconds(rest) {
                output += fraction.text
                rest = rest.dropFirst(fraction.length)
                continue
            }
            for (element, value) in elements where rest.hasPrefix(element) {
                // Go reads `Jan`/`Mon` only when no lower-case letter follows (`Monthly` stays text).
                if element == "Jan" || element == "Mon",
                    let next = rest.dropFirst(element.count).first, next.isLowercase
                {
                    continue
                }
                output += value()
                rest = rest.dropFirst(element.count)
                continue scan
            }
            output.append(rest.removeFirst())
        }
        return output
    }

    /// `.000` (or `,000`) prints as many zeros; `.999` prints nothing (trailing zeros are dropped, and with whole
    /// seconds every digit is a zero). Go reads these only when no digit follows the run.
    private static func fractionalSeconds(_ text: Substring) -> (text: String, length: Int)? {
        guard let mark = text.first, mark == "." || mark == "," else { return nil }
        let digits = text.dropFirst()
        guard let digit = digits.first, digit == "0" || digit == "9" else { return nil }
        let run = digits.prefix { $0 == digit }
        if let after = digits.dropFirst(run.count).first, after.isNumber { return nil }
        return (digit == "0" ? String(mark) + String(run) : "", run.count + 1)
    }
}

extension Int {
    /// Division rounding towards minus infinity.
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// The remainder of ``floorDivided(by:)``, never negative for a positive divisor.
    fileprivate func floorModulo(_ divisor: Int) -> Int {
        self - floorDivided(by: divisor) * divisor
    }
}
