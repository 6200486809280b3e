import DiscoveryModel
import SettingValues

/// Picks each setting from the first place that gives it (flag, environment variable, configuration file,
/// default) and parses it, blaming the place it came from when it does not parse.
struct SettingResolver {
    let environment: [String: String]
    let configPath: String
    /// Where the last value came from, for errors found after parsing.
    private(set) var lastSource = ""

    init(environment: [String: String], configPath: String) {
        self.environment = environment
        self.configPath = configPath
    }

    /// The raw text and its source's name, or `nil` when nothing gives the setting.
    private mutating func pick(flag: (String, String?), variable: String, file: (String, String?)) -> String? {
        if let value = flag.1 {
            lastSource = flag.0
            return value
        }
        if let value = environment[variable], !value.isEmpty {
            lastSource = variable
            return value
        }
        if let value = file.1 {
            lastSource = "\(configPath): \(file.0)"
            return value
        }
        lastSource = flag.0
        return nil
    }

    /// The longest duration a setting takes. Durations are added to and doubled (the TTL is twice the interval)
    /// and handed to timers counting nanoseconds; ten years leaves room for that and for any real use.
    static let maximumDuration: Duration = .seconds(87600 * 3600)

    mutating func string(flag: (String, String?), variable: String, file: (String, String?), default value: String) -> String {
        pick(flag: flag, variable: variable, file: file) ?? value
    }

    mutating func parsed<Value>(
        flag: (String, String?), variable: String, file: (String, String?), default value: Value, expected: String,
        parse: (String) -> Value?
    ) throws(SettingsError) -> Value {
        guard let text = pick(flag: flag, variable: variable, file: file) else { return value }
        guard let parsed = parse(text) else {
            throw SettingsError(variable: lastSource, value: text, reason: "expected \(expected)")
        }
        return parsed
    }

    mutating func duration(
        flag: (String, String?), variable: String, file: (String, String?), default value: Duration, minimum: Duration
    ) throws(SettingsError) -> Duration {
        try optionalDuration(flag: flag, variable: variable, file: file, minimum: minimum) ?? value
    }

    mutating func optionalDuration(
        flag: (String, String?), variable: String, file: (String, String?), minimum: Duration
    ) throws(SettingsError) -> Duration? {
        guard let text = pick(flag: flag, variable: variable, file: file) else { return nil }
        let duration: Duration
        do {
            duration = try DurationText.parse(text)
        } catch {
            throw SettingsError(variable: lastSource, value: text, reason: error.description)
        }
        guard duration <= Self.maximumDuration else {
            throw SettingsError(variable: lastSource, value: text, reason: "too long: at most 87600h (10 years)")
        }
        guard duration >= minimum else {
            throw SettingsError(variable: lastSource, value: text, reason: "must be at least \(DurationText.format(minimum))")
        }
        return duration
    }

    /// `key=value` pairs from repeated flags, else a comma-separated variable, else the file's object.
    mutating func meta(flags: [String], variable: String, file: [String: String]) throws(SettingsError) -> [String: String] {
        let pairs: [String]
        if !flags.isEmpty {
            pairs = flags
            lastSource = "--meta"
        } else if let text = environment[variable], !text.isEmpty {
            pairs = text.split(separator: ",").map(String.init)
            lastSource = variable
        } else {
            return file
        }
        var result: [String: String] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw SettingsError(variable: lastSource, value: pair, reason: "expected key=value")
            }
            result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return result
    }
}
