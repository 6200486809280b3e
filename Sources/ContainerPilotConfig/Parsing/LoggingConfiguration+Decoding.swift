extension LoggingConfiguration {
    /// The keys of `logging`.
    static let knownKeys = ["level", "format", "output"]

    /// Reads `logging`; level and format in any letter case, as ContainerPilot lower-cases them.
    static func decode(_ value: LocatedValue, context: DecodingContext) throws(ContainerPilotConfigurationError)
        -> LoggingConfiguration
    {
        let fields = try ObjectReader(value, knownKeys: knownKeys, context: context)
        var logging = LoggingConfiguration()
        if let level = try fields.nonEmptyString("level", context: context) {
            let word = level.text.lowercased()
            guard let parsed = Level(rawValue: word == "warning" ? "warn" : word) else {
                throw context.error(
                    .invalidValue, level.value,
                    "unknown log level \"\(level.text)\"; expected DEBUG, INFO, WARN, ERROR, FATAL or PANIC")
            }
            logging.level = parsed
        }
        if let format = try fields.nonEmptyString("format", context: context) {
            guard let parsed = Format(rawValue: format.text.lowercased()) else {
                throw context.error(
                    .invalidValue, format.value, "unknown log format \"\(format.text)\"; expected default, text or json"
                )
            }
            logging.format = parsed
        }
        if let output = try fields.nonEmptyString("output", context: context) {
            switch output.text.lowercased() {
            case "stdout": logging.output = .stdout
            case "stderr": logging.output = .stderr
            default: logging.output = .file(output.text)
            }
        }
        return logging
    }
}
