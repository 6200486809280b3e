extension JobTrigger {
    /// The keys of `when`.
    static let knownKeys = ["interval", "source", "once", "each", "timeout"]

    /// The smallest `when.interval` ContainerPilot allows.
    static let minimumInterval = Duration.milliseconds(1)

    /// Reads a job's `when` with ContainerPilot's rules and its documentation's: `interval` is the only key
    /// permitted beside itself; otherwise `source` with exactly one of `once` and `each`, and an optional
    /// `timeout`; a signal source (`SIGHUP`, `SIGUSR2`) starts the job each time the signal arrives.
    static func decode(_ value: LocatedValue, context: DecodingContext) throws(ContainerPilotConfigurationError)
        -> JobTrigger
    {
        let fields = try ObjectReader(value, knownKeys: knownKeys, context: context)
        let source = try fields.nonEmptyString("source", context: context)
        let once = try fields.nonEmptyString("once", context: context)
        let each = try fields.nonEmptyString("each", context: context)
        let timeout = try fields.nonEmptyString("timeout", context: context)

        if let interval = try fields.nonEmptyString("interval", context: context) {
            for (key, other) in [("source", source), ("once", once), ("each", each), ("timeout", timeout)] {
                if let other {
                    throw context.error(
                        .conflict, other.value, atKey: true,
                        "\"interval\" runs the job periodically and is the only key permitted in \"when\"; "
                            + "remove \"\(key)\" or \"interval\"")
                }
            }
            let period = try context.duration(interval.value)
            guard period >= minimumInterval else {
                throw context.error(.invalidValue, interval.value, "the interval must be at least 1ms")
            }
            return .interval(period)
        }
        if once != nil, let each {
            throw context.error(
                .conflict, each.value, atKey: true,
                "\"once\" and \"each\" are exclusive: the job starts either on the first event or on every one")
        }
        var waitLimit: Duration?
        if let timeout {
            let limit = try context.duration(timeout.value)
            guard limit >= .zero else {
                throw context.error(.invalidValue, timeout.value, "the timeout must not be negative")
            }
            waitLimit = limit == .zero ? nil : limit
        }
        let trigger =
            once.map { (event: $0, repetition: Repetition.once) }
            ?? each.map { (event: $0, repetition: Repetition.each) }
        guard let source else {
            if let trigger {
                throw context.error(
                    .missingValue, trigger.event.value, atKey: true,
                    "\"\(trigger.repetition == .once ? "once" : "each")\" needs a \"source\": the job, watch "
                        + "(watch.NAME), \"global\" or signal the event comes from")
            }
            throw fields.missing(
                "\"when\" needs \"interval\", or \"source\" with \"once\" or \"each\"; without \"when\" the job "
                    + "starts at startup", context: context)
        }
        let eventSource = EventSource(parsing: source.text)
        if case .signal(let signal) = eventSource {
            if let trigger {
                // ContainerPilot reads the event of a signal source and then starts the job on every signal.
                if trigger.event.text != signal.rawValue { _ = try jobEvent(trigger.event, context: context) }
                if trigger.repetition == .once {
                    context.warn(
                        trigger.event.value, atKey: true,
                        "ignored: a job started by \(signal.rawValue) starts each time the signal arrives")
                }
            }
            return .signal(signal, timeout: waitLimit)
        }
        guard let trigger else {
            throw context.error(
                .missingValue, source.value, atKey: true,
                "\"source\" needs \"once\" or \"each\" to say which of its events starts the job")
        }
        let jobEvent = try jobEvent(trigger.event, context: context)
        return .event(jobEvent, from: eventSource, repetition: trigger.repetition, timeout: waitLimit)
    }

    /// The event named by `once` or `each`: one of ``EventCode``, with a message that helps for a signal's name
    /// (a source, not an event), ContainerPilot's internal events, and near misses.
    private static func jobEvent(_ name: (text: String, value: LocatedValue), context: DecodingContext)
        throws(ContainerPilotConfigurationError) -> EventCode
    {
        if let event = EventCode(rawValue: name.text) { return event }
        if ConfigurationSignal(rawValue: name.text) != nil {
            throw context.error(
                .invalidValue, name.value,
                "\(name.text) is a source, not an event: write source: \"\(name.text)\" to start the job on the signal")
        }
        if ["timerExpired", "error", "quit"].contains(name.text) {
            throw context.error(
                .invalidValue, name.value,
                "\"\(name.text)\" is an event internal to ContainerPilot that jobs cannot use")
        }
        let names = EventCode.allCases.map(\.rawValue)
        if let nearest = NearestName.suggestion(for: name.text, among: names) {
            throw context.error(
                .invalidValue, name.value, "unknown event \"\(name.text)\"; did you mean \"\(nearest)\"?")
        }
        throw context.error(
            .invalidValue, name.value,
            "unknown event \"\(name.text)\"; expected one of " + names.joined(separator: ", "))
    }
}
