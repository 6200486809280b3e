import DiscoveryModel

extension JobConfiguration {
    /// The keys of a job.
    static let knownKeys = [
        "name", "exec", "port", "initial_status", "interfaces", "tags", "consul", "health", "timeout", "restarts",
        "stopTimeout", "when", "logging", "meta",
    ]

    /// Reads one job with ContainerPilot's `Validate` rules (and its documentation's where they differ).
    static func decode(_ value: LocatedValue, context: DecodingContext) throws(ContainerPilotConfigurationError)
        -> JobConfiguration
    {
        let fields = try ObjectReader(value, knownKeys: knownKeys, context: context)
        guard let name = try fields.nonEmptyString("name", context: context) else {
            throw context.error(
                .missingValue, fields.value("name") ?? value, "a job needs a \"name\", and it must not be blank")
        }
        var port = 0
        var portValue: LocatedValue?
        if let given = fields.value("port") {
            port = try context.integer(given, expected: "a port number")
            guard (0...65535).contains(port) else {
                throw context.error(.invalidValue, given, "a port is a number from 1 to 65535, found \(port)")
            }
            portValue = given
        }
        var health: HealthCheckConfiguration?
        if let given = fields.value("health") {
            health = try HealthCheckConfiguration.decode(given, context: context)
        }
        let tags =
            try fields.value("tags").map { value throws(ContainerPilotConfigurationError) in
                try context.stringList(value)
            } ?? []
        let meta = try fields.value("meta").map { value throws(ContainerPilotConfigurationError) in
            try decodeMeta(value, context: context)
        }
        var service: ServiceDefinition?
        if port != 0, let portValue {
            service = try decodeService(
                fields, name: name, port: port, portValue: portValue, hasHealth: health != nil, tags: tags,
                context: context)
        } else {
            try checkServiceKeysWithoutPort(fields, context: context)
        }
        if let meta, var registered = service {
            registered.meta = meta
            service = registered
        } else if meta != nil, let given = fields.value("meta") {
            context.warn(given, atKey: true, "ignored: the job has no \"port\", so it is not registered in Consul")
        }

        var trigger = JobTrigger.atStartup
        if let when = fields.value("when") {
            trigger = try JobTrigger.decode(when, context: context)
        }
        var stopTimeout = Duration.zero
        if let given = try fields.nonEmptyString("stopTimeout", context: context) {
            stopTimeout = try context.duration(given.value)
            guard stopTimeout >= .zero else {
                throw context.error(.invalidValue, given.value, "the stop timeout must not be negative")
            }
        }
        let restarts = try decodeRestarts(fields, trigger: trigger, context: context)
        var timeout: Duration?
        if let given = try fields.nonEmptyString("timeout", context: context) {
            let limit = try context.duration(given.value)
            guard limit >= .milliseconds(1) else {
                throw context.error(.invalidValue, given.value, "the timeout must be at least 1ms")
            }
            timeout = limit
        } else if case .interval(let period) = trigger {
            // A periodic task that outlives its period is killed when the next one is due.
            timeout = period
        }
        var exec: [String]?
        if let command = fields.value("exec") {
            exec = try ExecArguments.arguments(command, context: context)
        } else if service == nil {
            context.warn(name.value, "the job has neither \"exec\" nor \"port\", so it does nothing")
        }
        return JobConfiguration(
            name: name.text, exec: exec, trigger: trigger, restarts: restarts, timeout: timeout,
            stopTimeout: stopTimeout, rawLogging: try fields.rawLogging(context: context), health: health,
            service: service, location: context.source.location(ofOffset: value.node.offset))
    }

    /// The registration of a job with a port: a health check is required, the name must be a valid service
    /// name, and `initial_status`, `interfaces` and `consul` are read.
    private static func decodeService(
        _ fields: ObjectReader, name: (text: String, value: LocatedValue), port: Int, portValue: LocatedValue,
        hasHealth: Bool, tags: [String], context: DecodingContext
    ) throws(ContainerPilotConfigurationError) -> ServiceDefinition {
        guard hasHealth else {
            throw context.error(
                .missingValue, portValue, atKey: true,
                "a job with a \"port\" is registered in Consul and needs \"health\" (interval and ttl) to keep its "
                    + "check passing")
        }
        if let problem = ServiceNameRule.problem(with: name.text) {
            throw context.error(.invalidValue, name.value, problem + " (the job has a port, so it is registered)")
        }
        var initialStatus: InitialHealthStatus?
        if let status = try fields.nonEmptyString("initial_status", context: context) {
            guard let parsed = InitialHealthStatus(rawValue: status.text) else {
                throw context.error(
                    .invalidValue, status.value,
                    "expected \"passing\", \"warning\" or \"critical\", found \"\(status.text)\"")
            }
            initialStatus = parsed
        }
        var interfaces = InterfaceSpecification.defaults
        if let given = fields.value("interfaces") {
            let parsed = try decodeInterfaces(given, context: context)
            if !parsed.isEmpty { interfaces = parsed }
        }
        var options = JobConsulOptions()
        if let consul = fields.value("consul") {
            options = try decodeConsulOptions(consul, context: context)
        }
        return ServiceDefinition(
            port: port, interfaces: interfaces, tags: tags, initialStatus: initialStatus, consul: options)
    }

    /// `meta`, pilot's addition (ContainerPilot 3.8 has no such key): an object of strings, registered as the
    /// service's Consul metadata.
    private static func decodeMeta(_ value: LocatedValue, context: DecodingContext)
        throws(ContainerPilotConfigurationError) -> [String: String]
    {
        guard case .object(let members) = value.value else {
            throw context.error(
                .wrongType, value, "expected an object of strings, found \(value.value.kindDescription)")
        }
        var meta: [String: String] = [:]
        for member in members {
            let located = LocatedValue(
                node: member.value, keyOffset: member.keyOffset, path: value.path.appending(member.key))
            meta[member.key] = try context.string(located)
        }
        return meta
    }

    /// ContainerPilot reads `initial_status`, `interfaces` and `consul.deregisterCriticalServiceAfter` only for
    /// a job it registers; for another job they are type-checked as it does and otherwise ignored, with a
    /// warning.
    private static func checkServiceKeysWithoutPort(_ fields: ObjectReader, context: DecodingContext)
        throws(ContainerPilotConfigurationError)
    {
        if let status = fields.value("initial_status") {
            _ = try context.string(status)
            context.warn(status, atKey: true, "ignored: the job has no \"port\", so it is not registered in Consul")
        }
        if let consul = fields.value("consul") {
            let options = try ObjectReader(consul, knownKeys: consulOptionKeys, context: context)
            _ = try options.boolean("enableTagOverride", context: context)
            if let after = options.value("deregisterCriticalServiceAfter") { _ = try context.string(after) }
            context.warn(consul, atKey: true, "ignored: the job has no \"port\", so it is not registered in Consul")
        }
    }

    /// Every element of `interfaces` (a string or an array) as a specification.
    static func decodeInterfaces(_ value: LocatedValue, context: DecodingContext)
        throws(ContainerPilotConfigurationError) -> [InterfaceSpecification]
    {
        let texts = try context.words(value, expected: "an interface specification or an array of them")
        var specifications: [InterfaceSpecification] = []
        for (index, text) in texts.enumerated() {
            guard let specification = InterfaceSpecification(parsing: text) else {
                var element = value
                if case .array(let nodes) = value.value {
                    element = LocatedValue(node: nodes[index], path: value.path.appending(index: index))
                }
                throw context.error(
                    .invalidValue, element,
                    "\"\(text)\" is not an interface specification; expected e.g. eth0, eth0:inet6, eth1[1], inet, "
                        + "inet6, 10.0.0.0/16 or static:192.168.1.100")
            }
            specifications.append(specification)
        }
        return specifications
    }

    /// The keys of a job's `consul`.
    static let consulOptionKeys = ["enableTagOverride", "deregisterCriticalServiceAfter"]

    /// A job's `consul`; `deregisterCriticalServiceAfter` is a Go duration (`"10m"`), optional as the
    /// documentation describes it.
    private static func decodeConsulOptions(_ value: LocatedValue, context: DecodingContext)
        throws(ContainerPilotConfigurationError) -> JobConsulOptions
    {
        let fields = try ObjectReader(value, knownKeys: consulOptionKeys, context: context)
        var options = JobConsulOptions(enableTagOverride: try fields.boolean("enableTagOverride", context: context))
        if let after = try fields.nonEmptyString("deregisterCriticalServiceAfter", context: context) {
            do {
                options.deregisterCriticalServiceAfter = try DurationText.parse(after.text, bareSeconds: false)
            } catch {
                throw context.error(
                    .invalidValue, after.value, "expected a duration such as 90s or 10m, found \"\(after.text)\"")
            }
        }
        return options
    }

    /// `restarts`: `"never"`, `"unlimited"`, a non-negative number or numeric string; by default unlimited for a
    /// periodic job and never otherwise. Unlimited restarts of a job started on `each` event are refused, as
    /// ContainerPilot refuses them, since every event would add a process that never ends.
    private static func decodeRestarts(_ fields: ObjectReader, trigger: JobTrigger, context: DecodingContext)
        throws(ContainerPilotConfigurationError) -> JobRestartPolicy
    {
        guard let value = fields.value("restarts") else {
            if case .interval = trigger { return .unlimited }
            return .never
        }
        let expected = "expected \"never\", \"unlimited\" or a number of restarts (0 or more)"
        switch value.value {
        case .string(let text):
            if text == "never" { return .never }
            if text == "unlimited" {
                if case .event(_, _, .each, _) = trigger {
                    throw context.error(
                        .conflict, value,
                        "\"unlimited\" restarts may not be used with \"when.each\": every event would start another "
                            + "process that never ends")
                }
                return .unlimited
            }
            guard let count = Int(text), count >= 0 else {
                throw context.error(.invalidValue, value, "\(expected), found \"\(text)\"")
            }
            return count == 0 ? .never : .limited(count)
        case .number:
            let count = try context.integer(value, expected: "a number of restarts")
            guard count >= 0 else { throw context.error(.invalidValue, value, "\(expected), found \(count)") }
            return count == 0 ? .never : .limited(count)
        case .bool, .array, .object, .null:
            throw context.error(.wrongType, value, "\(expected), found \(value.value.kindDescription)")
        }
    }
}
