import DiscoveryModel

extension WatchConfiguration {
    /// The keys of a watch.
    static let knownKeys = ["name", "interval", "tag", "dc"]

    /// Reads one watch: its name is a service name (ContainerPilot checks it with the same rule as a registered
    /// job's, so it cannot hold `.`), and `interval` is a whole number of seconds of at least 1.
    static func decode(_ value: LocatedValue, context: DecodingContext) throws(ContainerPilotConfigurationError)
        -> WatchConfiguration
    {
        let fields = try ObjectReader(value, knownKeys: knownKeys, context: context)
        guard let name = try fields.nonEmptyString("name", context: context) else {
            throw context.error(
                .missingValue, fields.value("name") ?? value, "a watch needs a \"name\", and it must not be blank")
        }
        if let problem = ServiceNameRule.problem(with: name.text) {
            throw context.error(.invalidValue, name.value, problem)
        }
        guard let intervalValue = fields.value("interval") else {
            throw fields.missing(
                "a watch needs \"interval\" (whole seconds between queries, at least 1)", context: context)
        }
        let interval = try context.seconds(intervalValue)
        guard interval >= 1 else {
            throw context.error(.invalidValue, intervalValue, "interval must be at least 1 second, found \(interval)")
        }
        return WatchConfiguration(
            name: name.text, interval: .seconds(interval),
            tag: try fields.nonEmptyString("tag", context: context)?.text,
            datacenter: try fields.nonEmptyString("dc", context: context)?.text,
            location: context.source.location(ofOffset: value.node.offset))
    }
}
