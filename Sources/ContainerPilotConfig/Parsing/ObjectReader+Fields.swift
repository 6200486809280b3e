/// The readings of one key that every section needs, so that each section's decoder says only what is special.
extension ObjectReader {
    /// The key's string, or `nil` when it is absent, `null` or empty: ContainerPilot tests its string fields
    /// against `""`, so an empty string means "not given".
    func nonEmptyString(_ key: String, context: DecodingContext) throws(ContainerPilotConfigurationError)
        -> (text: String, value: LocatedValue)?
    {
        guard let value = value(key) else { return nil }
        let text = try context.string(value)
        return text.isEmpty ? nil : (text, value)
    }

    /// The key's boolean, or `defaultValue` when it is absent or `null`.
    func boolean(_ key: String, default defaultValue: Bool = false, context: DecodingContext)
        throws(ContainerPilotConfigurationError) -> Bool
    {
        guard let value = value(key) else { return defaultValue }
        return try context.boolean(value)
    }

    /// `logging.raw` of a job or a health check: `false` when `logging` is absent.
    func rawLogging(context: DecodingContext) throws(ContainerPilotConfigurationError) -> Bool {
        guard let logging = value("logging") else { return false }
        let fields = try ObjectReader(logging, knownKeys: ["raw"], context: context)
        return try fields.boolean("raw", context: context)
    }

    /// An error placed at this object, for a key that is missing from it.
    func missing(_ message: String, context: DecodingContext) -> ContainerPilotConfigurationError {
        context.error(.missingValue, object, message)
    }
}
