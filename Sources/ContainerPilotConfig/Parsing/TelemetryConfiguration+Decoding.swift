import DiscoveryModel

extension TelemetryConfiguration {
    /// The keys of `telemetry`.
    static let knownKeys = ["port", "interfaces", "tags", "metrics"]
    /// The keys of a metric.
    static let metricKeys = ["namespace", "subsystem", "name", "help", "type"]

    /// The metric names pilot reports itself on `/metrics` (its own and its Consul client's, with the series of
    /// its histograms), which a configured metric cannot take: the same name twice in one scrape makes
    /// Prometheus refuse the whole scrape, where ContainerPilot refused such a metric when it registered it.
    public static let namesPilotReports: Set<String> = {
        let counters = [
            "pilot_health_checks_total", "pilot_service_restarts_total", "pilot_services_file_writes_total",
            "pilot_signals_sent_total", "consul_requests_total", "consul_errors_total", "pilot_template_renders_total",
            "pilot_template_errors_total", "pilot_template_command_failures_total",
        ]
        let histograms = [
            "pilot_health_check_duration_seconds", "pilot_propagation_delay_seconds",
            "consul_blocking_query_wait_seconds",
        ]
        let series = histograms.flatMap { [$0, $0 + "_bucket", $0 + "_sum", $0 + "_count"] }
        let gauges = ["pilot_dependency_instances", "pilot_template_last_render_timestamp_seconds"]
        return Set(counters + gauges + series)
    }()

    /// Reads `telemetry` and its metrics, with the checks the Prometheus client of ContainerPilot 3.8 makes when
    /// it registers them: a known type, a help text, a valid and unique full name.
    static func decode(_ value: LocatedValue, context: DecodingContext) throws(ContainerPilotConfigurationError)
        -> TelemetryConfiguration
    {
        let fields = try ObjectReader(value, knownKeys: knownKeys, context: context)
        var telemetry = TelemetryConfiguration()
        if let port = fields.value("port") {
            telemetry.port = try context.integer(port, expected: "a port number")
            guard (1...65535).contains(telemetry.port) else {
                throw context.error(.invalidValue, port, "a port is a number from 1 to 65535, found \(telemetry.port)")
            }
        }
        if let interfaces = fields.value("interfaces") {
            // ContainerPilot's decoder wants an array here; its documentation allows one specification, as for a
            // job, and its own schema example writes one.
            let parsed = try JobConfiguration.decodeInterfaces(interfaces, context: context)
            if !parsed.isEmpty { telemetry.interfaces = parsed }
        }
        if let tags = fields.value("tags") {
            telemetry.tags = try context.stringList(tags)
        }
        if let metrics = fields.value("metrics") {
            var seen: [String: Int] = [:]
            for element in try context.list(metrics, expected: "an array of metrics") where !element.isNull {
                let metric = try decodeMetric(element, context: context)
                if let line = seen[metric.fullName] {
                    throw context.error(
                        .duplicateName, element, "the metric \(metric.fullName) is already defined on line \(line)")
                }
                seen[metric.fullName] = context.source.location(ofOffset: element.node.offset).line
                telemetry.metrics.append(metric)
            }
        }
        return telemetry
    }

    /// One metric.
    private static func decodeMetric(_ value: LocatedValue, context: DecodingContext)
        throws(ContainerPilotConfigurationError) -> MetricConfiguration
    {
        let fields = try ObjectReader(value, knownKeys: metricKeys, context: context)
        func text(_ key: String) throws(ContainerPilotConfigurationError) -> String {
            try fields.nonEmptyString(key, context: context)?.text ?? ""
        }
        guard let type = try fields.nonEmptyString("type", context: context) else {
            throw fields.missing(
                "a metric needs \"type\": counter, gauge, histogram or summary", context: context)
        }
        guard let kind = MetricConfiguration.Kind(rawValue: type.text) else {
            throw context.error(
                .invalidValue, type.value,
                "invalid metric type \"\(type.text)\"; expected counter, gauge, histogram or summary")
        }
        let metric = MetricConfiguration(
            namespace: try text("namespace"), subsystem: try text("subsystem"), name: try text("name"),
            help: try text("help"), kind: kind)
        guard !metric.name.isEmpty else {
            throw context.error(.missingValue, fields.value("name") ?? value, "a metric needs a \"name\"")
        }
        guard isValidMetricName(metric.fullName) else {
            throw context.error(
                .invalidValue, fields.value("name") ?? value,
                "\"\(metric.fullName)\" is not a valid Prometheus metric name: letters, digits, '_' and ':', not "
                    + "starting with a digit")
        }
        guard !namesPilotReports.contains(metric.fullName) else {
            throw context.error(
                .duplicateName, fields.value("name") ?? value,
                "the metric \(metric.fullName) is one pilot reports itself on /metrics; give it another name")
        }
        guard !metric.help.isEmpty else {
            throw fields.missing(
                "a metric needs \"help\": the Prometheus client of ContainerPilot refuses an empty help text",
                context: context)
        }
        return metric
    }

    /// Prometheus's metric name pattern, `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    static func isValidMetricName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == ":"
        }
    }
}
