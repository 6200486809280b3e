extension HealthCheckConfiguration {
    /// The keys of a job's `health`.
    static let knownKeys = ["exec", "timeout", "interval", "ttl", "logging"]

    /// Reads a job's `health`: `interval` and `ttl` are required whole numbers of seconds of at least 1, as
    /// ContainerPilot requires them; `timeout` defaults to the interval and, as the documentation says, is at
    /// least 1ms.
    static func decode(_ value: LocatedValue, context: DecodingContext) throws(ContainerPilotConfigurationError)
        -> HealthCheckConfiguration
    {
        let fields = try ObjectReader(value, knownKeys: knownKeys, context: context)
        var exec: [String]?
        if let command = fields.value("exec") {
            exec = try ExecArguments.arguments(command, context: context)
        }
        let interval = try positiveSeconds("interval", in: fields, what: "the time between checks", context: context)
        let ttl = try positiveSeconds("ttl", in: fields, what: "how long a passing check counts", context: context)
        if ttl.seconds <= interval.seconds, let ttlValue = fields.value("ttl") {
            context.warn(
                ttlValue,
                "the ttl (\(ttl.seconds)s) is not longer than the interval (\(interval.seconds)s): the check and the "
                    + "TTL race, and Consul may mark the service critical between checks")
        }
        var timeout = Duration.seconds(interval.seconds)
        if let given = try fields.nonEmptyString("timeout", context: context) {
            timeout = try context.duration(given.value)
            guard timeout >= .milliseconds(1) else {
                throw context.error(.invalidValue, given.value, "the timeout must be at least 1ms")
            }
        }
        return HealthCheckConfiguration(
            exec: exec, interval: .seconds(interval.seconds), ttl: .seconds(ttl.seconds), timeout: timeout,
            rawLogging: try fields.rawLogging(context: context))
    }

    /// A required whole number of seconds of at least 1.
    private static func positiveSeconds(
        _ key: String, in fields: ObjectReader, what: String, context: DecodingContext
    ) throws(ContainerPilotConfigurationError) -> (seconds: Int, value: LocatedValue) {
        guard let value = fields.value(key) else {
            throw fields.missing(
                "\"health\" needs \"\(key)\" (\(what), a whole number of seconds)", context: context)
        }
        let seconds = try context.seconds(value)
        guard seconds >= 1 else {
            throw context.error(.invalidValue, value, "\(key) must be at least 1 second, found \(seconds)")
        }
        return (seconds, value)
    }
}
