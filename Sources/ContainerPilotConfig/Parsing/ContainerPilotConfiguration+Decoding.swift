import DiscoveryModel

extension ContainerPilotConfiguration {
    /// The top-level keys; ContainerPilot looks them up exactly, so their letter case matters.
    static let knownKeys = ["consul", "logging", "stopTimeout", "control", "jobs", "watches", "telemetry", "templates"]

    /// Names a job may not take, because events from a job with that name could not be told apart from
    /// ContainerPilot's own, a signal's or a watch's (`watch.` prefix).
    static let reservedJobNames: Set<String> = ["global", "SIGHUP", "SIGUSR2"]

    /// Reads the whole document, then checks what spans sections: unique names, and event sources that name
    /// something defined.
    static func decode(_ root: LocatedValue, context: DecodingContext) throws(ContainerPilotConfigurationError)
        -> ContainerPilotConfiguration
    {
        let fields = try ObjectReader(root, knownKeys: knownKeys, caseSensitive: true, context: context)
        guard let consulValue = fields.value("consul") else {
            throw fields.missing(
                "the configuration needs \"consul\", the address of Consul, e.g. consul: \"localhost:8500\"",
                context: context)
        }
        var configuration = ContainerPilotConfiguration(
            consul: try ConsulConnection.decode(consulValue, context: context))
        if let logging = fields.value("logging") {
            configuration.logging = try LoggingConfiguration.decode(logging, context: context)
        }
        if let stopTimeout = fields.value("stopTimeout") {
            let seconds = try context.seconds(stopTimeout)
            guard seconds >= 0 else {
                throw context.error(
                    .invalidValue, stopTimeout, "the stop timeout must not be negative, found \(seconds)")
            }
            // ContainerPilot takes 0 for "not given".
            if seconds > 0 { configuration.stopTimeout = .seconds(seconds) }
        }
        if let control = fields.value("control") {
            let controlFields = try ObjectReader(control, knownKeys: ["socket"], context: context)
            if let socket = controlFields.value("socket") {
                configuration.controlSocketPath = try context.string(socket)
                guard !configuration.controlSocketPath.isEmpty else {
                    throw context.error(.missingValue, socket, "the control socket's path is empty")
                }
            }
        }
        var jobValues: [LocatedValue] = []
        if let jobs = fields.value("jobs") {
            jobValues = try elements(of: jobs, context: context)
            for job in jobValues { configuration.jobs.append(try JobConfiguration.decode(job, context: context)) }
        }
        var watchValues: [LocatedValue] = []
        if let watches = fields.value("watches") {
            watchValues = try elements(of: watches, context: context)
            for watch in watchValues {
                configuration.watches.append(try WatchConfiguration.decode(watch, context: context))
            }
        }
        if let telemetry = fields.value("telemetry") {
            configuration.telemetry = try TelemetryConfiguration.decode(telemetry, context: context)
        }
        if let templates = fields.value("templates") {
            for template in try elements(of: templates, context: context) {
                configuration.templates.append(try TemplateDefinition.decode(template, context: context))
            }
        }
        try checkNames(configuration, jobValues: jobValues, watchValues: watchValues, context: context)
        warnAboutUndefinedSources(configuration, jobValues: jobValues, context: context)
        return configuration
    }

    /// The non-null elements of `jobs` or `watches`, which must be an array (ContainerPilot skips `null`
    /// elements, and ignores a value that is not an array, which hides a typo; pilot refuses it).
    private static func elements(of value: LocatedValue, context: DecodingContext)
        throws(ContainerPilotConfigurationError) -> [LocatedValue]
    {
        guard case .array(let nodes) = value.value else {
            throw context.error(.wrongType, value, "expected an array, found \(value.value.kindDescription)")
        }
        return nodes.enumerated().compactMap { index, node in
            if case .null = node.value { return nil }
            return LocatedValue(node: node, path: value.path.appending(index: index))
        }
    }

    /// Job names are unique (including the telemetry's `containerpilot` service), not reserved, and watch names
    /// are unique: ContainerPilot does not check, and then delivers one job's events as another's.
    private static func checkNames(
        _ configuration: ContainerPilotConfiguration, jobValues: [LocatedValue], watchValues: [LocatedValue],
        context: DecodingContext
    ) throws(ContainerPilotConfigurationError) {
        var jobLines: [String: Int] = [:]
        for (job, value) in zip(configuration.jobs, jobValues) {
            let nameValue = nameValue(of: value)
            if reservedJobNames.contains(job.name) || job.name.hasPrefix(EventSource.watchPrefix) {
                throw context.error(
                    .invalidValue, nameValue,
                    "\"\(job.name)\" cannot name a job: its events would be taken for those of "
                        + (job.name.hasPrefix(EventSource.watchPrefix) ? "a watch" : "ContainerPilot or a signal"))
            }
            if configuration.telemetry != nil, job.name == TelemetryConfiguration.serviceName {
                throw context.error(
                    .duplicateName, nameValue,
                    "the job name \"\(job.name)\" is taken by the telemetry service ContainerPilot registers")
            }
            if let line = jobLines[job.name] {
                throw context.error(
                    .duplicateName, nameValue, "a job named \"\(job.name)\" is already defined on line \(line)")
            }
            jobLines[job.name] = job.location.line
        }
        var watchLines: [String: Int] = [:]
        for (watch, value) in zip(configuration.watches, watchValues) {
            if let line = watchLines[watch.name] {
                throw context.error(
                    .duplicateName, nameValue(of: value),
                    "a watch named \"\(watch.name)\" is already defined on line \(line)")
            }
            watchLines[watch.name] = watch.location.line
        }
    }

    /// A job waiting for events from a job or watch that the file does not define never starts: ContainerPilot
    /// accepts that silently. It is a warning rather than an error because a template may leave such a job in
    /// on purpose.
    private static func warnAboutUndefinedSources(
        _ configuration: ContainerPilotConfiguration, jobValues: [LocatedValue], context: DecodingContext
    ) {
        var jobNames = Set(configuration.jobs.map(\.name))
        if configuration.telemetry != nil { jobNames.insert(TelemetryConfiguration.serviceName) }
        let watchNames = Set(configuration.watches.map(\.name))
        for (job, value) in zip(configuration.jobs, jobValues) {
            guard case .event(_, let source, _, _) = job.trigger else { continue }
            let defined: Bool
            switch source {
            case .global, .signal: defined = true
            case .job(let name): defined = jobNames.contains(name)
            case .watch(let name): defined = watchNames.contains(name)
            }
            guard !defined, let when = member("when", of: value), let sourceValue = member("source", of: when) else {
                continue
            }
            context.warn(
                sourceValue,
                "no job or watch \"\(source)\" is defined, so the job \"\(job.name)\" never starts on its events")
        }
    }

    /// The `name` member of a job or watch (it was read, so it is there), for placing a message.
    private static func nameValue(of value: LocatedValue) -> LocatedValue {
        member("name", of: value) ?? value
    }

    /// The last member `key` of an object, matched as the readers match keys (any letter case).
    private static func member(_ key: String, of value: LocatedValue) -> LocatedValue? {
        guard case .object(let members) = value.value else { return nil }
        let member = members.last { $0.key == key } ?? members.last { $0.key.lowercased() == key.lowercased() }
        guard let member else { return nil }
        return LocatedValue(node: member.value, keyOffset: member.keyOffset, path: value.path.appending(member.key))
    }
}
