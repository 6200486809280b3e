import DiscoveryModel

/// Reading scalar values the way ContainerPilot's decoder (mapstructure with `WeaklyTypedInput`) does: a number
/// or a boolean where a string is expected becomes its text, a numeric string where a number is expected
/// becomes its value, and so on. What mapstructure rejects (an object where a string belongs) is an error here,
/// placed at the value.
extension DecodingContext {
    /// A string; a number becomes its decimal text, a boolean `"1"` or `"0"` (mapstructure's weak conversion).
    func string(_ value: LocatedValue) throws(ContainerPilotConfigurationError) -> String {
        switch value.value {
        case .string(let text):
            return text
        case .number(let literal):
            guard let number = NumberText.value(of: literal) else {
                throw error(.wrongType, value, "expected a string, found the number \(literal)")
            }
            return NumberText.text(of: number)
        case .bool(let flag):
            return flag ? "1" : "0"
        case .object, .array, .null:
            throw error(.wrongType, value, "expected a string, found \(value.value.kindDescription)")
        }
    }

    /// A whole number: a number (a fraction is cut off, as ContainerPilot does, with a warning), a string holding
    /// an integer in Go's notation (`"103"`, `"0x1F"`), or a boolean (1 or 0).
    ///
    /// - Parameter expected: what the key holds, for messages ("a whole number of seconds").
    func integer(_ value: LocatedValue, expected: String) throws(ContainerPilotConfigurationError) -> Int {
        switch value.value {
        case .number(let literal):
            guard let number = NumberText.value(of: literal), number.isFinite,
                abs(number) < 9.0e18
            else {
                throw error(.invalidValue, value, "expected \(expected), found \(literal)")
            }
            let whole = number.rounded(.towardZero)
            if whole != number {
                warn(value, "\(literal) is not a whole number; ContainerPilot reads it as \(Int(whole))")
            }
            return Int(whole)
        case .string(let text):
            guard let number = Self.goInteger(text) else {
                throw error(.invalidValue, value, "expected \(expected), found \"\(text)\"")
            }
            return number
        case .bool(let flag):
            return flag ? 1 : 0
        case .object, .array, .null:
            throw error(.wrongType, value, "expected \(expected), found \(value.value.kindDescription)")
        }
    }

    /// A boolean: `true`/`false`, a number (non-zero is true), or Go's boolean words in a string (`"true"`,
    /// `"1"`, `"F"`, ...; the empty string is false).
    func boolean(_ value: LocatedValue) throws(ContainerPilotConfigurationError) -> Bool {
        switch value.value {
        case .bool(let flag):
            return flag
        case .number(let literal):
            guard let number = NumberText.value(of: literal) else {
                throw error(.invalidValue, value, "expected true or false, found \(literal)")
            }
            return number != 0
        case .string(let text):
            switch text {
            case "1", "t", "T", "true", "TRUE", "True": return true
            case "0", "f", "F", "false", "FALSE", "False", "": return false
            default: throw error(.invalidValue, value, "expected true or false, found \"\(text)\"")
            }
        case .object, .array, .null:
            throw error(.wrongType, value, "expected true or false, found \(value.value.kindDescription)")
        }
    }

    /// A list of strings as mapstructure fills a `[]string`: an array whose elements are read as strings. Its
    /// weak typing takes an empty object for an empty list, but not a single string for a list of one.
    func stringList(_ value: LocatedValue) throws(ContainerPilotConfigurationError) -> [String] {
        var strings: [String] = []
        for element in try list(value, expected: "an array of strings") { strings.append(try string(element)) }
        return strings
    }

    /// The elements of an array, for a key mapstructure decodes into a slice; an empty object is an empty list.
    func list(_ value: LocatedValue, expected: String) throws(ContainerPilotConfigurationError) -> [LocatedValue] {
        switch value.value {
        case .array(let nodes):
            return nodes.enumerated().map { LocatedValue(node: $1, path: value.path.appending(index: $0)) }
        case .object(let members) where members.isEmpty:
            return []
        case .object, .string, .number, .bool, .null:
            throw error(.wrongType, value, "expected \(expected), found \(value.value.kindDescription)")
        }
    }

    /// A list of words as ContainerPilot's `ToStrings` reads `exec` arrays and `interfaces`: a string is a list of
    /// one, an array's numbers and booleans are written as text (`5`, `true`); anything else is an error.
    func words(_ value: LocatedValue, expected: String) throws(ContainerPilotConfigurationError) -> [String] {
        switch value.value {
        case .string(let text):
            return [text]
        case .array(let elements):
            var words: [String] = []
            for (index, element) in elements.enumerated() {
                let located = LocatedValue(node: element, path: value.path.appending(index: index))
                switch element.value {
                case .string(let text): words.append(text)
                case .bool(let flag): words.append(flag ? "true" : "false")
                case .number: words.append(try string(located))
                case .object, .array, .null:
                    throw error(.wrongType, located, "expected a string, found \(element.value.kindDescription)")
                }
            }
            return words
        case .number, .bool, .object, .null:
            throw error(.wrongType, value, "expected \(expected), found \(value.value.kindDescription)")
        }
    }

    /// A duration as ContainerPilot's `timing.ParseDuration` reads its string fields: a whole number of seconds
    /// (`"10"`, or the number `10`, which its decoder turns into the string `"10"`) or Go's duration form
    /// (`"1500ms"`, `"1m30s"`).
    func duration(_ value: LocatedValue) throws(ContainerPilotConfigurationError) -> Duration {
        let text = try string(value)
        let shown = Self.quotedForMessage(value, text)
        if let seconds = Int(text) {
            guard seconds.magnitude <= DurationText.maximum.components.seconds.magnitude else {
                throw error(.invalidValue, value, "the duration \(shown) is too long")
            }
            return .seconds(seconds)
        }
        do {
            return try DurationText.parse(text, bareSeconds: false)
        } catch .tooLong {
            throw error(.invalidValue, value, "the duration \(shown) is too long")
        } catch {
            throw self.error(
                .invalidValue, value,
                "expected a duration such as 5s, 1500ms or 1m30s, or a whole number of seconds, found \(shown)")
        }
    }

    /// A whole number of seconds, as `health.interval`, `health.ttl` and watches' `interval` are read.
    func seconds(_ value: LocatedValue) throws(ContainerPilotConfigurationError) -> Int {
        try integer(value, expected: "a whole number of seconds")
    }

    /// The value as the user wrote it, for messages: strings in quotes, numbers bare.
    static func quotedForMessage(_ value: LocatedValue, _ text: String) -> String {
        if case .string = value.value { return "\"\(text)\"" }
        return text
    }

    /// Go's `strconv.ParseInt(text, 0, 64)` as ContainerPilot 3.8 was built with it: an optional sign, then
    /// decimal digits, `0x` and hexadecimal digits, or a leading `0` and octal digits (`"010"` is 8).
    static func goInteger(_ text: String) -> Int? {
        var rest = Substring(text)
        var negative = false
        if rest.first == "-" || rest.first == "+" {
            negative = rest.first == "-"
            rest = rest.dropFirst()
        }
        var radix = 10
        if rest.hasPrefix("0x") || rest.hasPrefix("0X") {
            radix = 16
            rest = rest.dropFirst(2)
        } else if rest.count > 1, rest.first == "0" {
            radix = 8
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isHexDigit }),
            let magnitude = Int(rest, radix: radix)
        else { return nil }
        return negative ? -magnitude : magnitude
    }
}
