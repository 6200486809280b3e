import CoreMetrics

/// The agent's metrics, through swift-metrics: what the Prometheus endpoint shows.
enum PilotMetrics {
    /// A health check verdict reached Consul.
    static func healthCheck(passed: Bool) {
        Counter(label: "pilot_health_checks_total", dimensions: [("result", passed ? "passing" : "critical")]).increment()
    }

    /// How long one run of the health command took.
    static func checkDuration(_ duration: Duration) {
        Timer(label: "pilot_health_check_duration_seconds", preferredDisplayUnit: .seconds).recordNanoseconds(duration.nanoseconds)
    }

    /// A supervised job was restarted.
    static func restart(job: String) {
        Counter(label: "pilot_service_restarts_total", dimensions: [("job", job)]).increment()
    }

    /// A dependency's healthy instances now.
    static func instances(_ count: Int, of dependency: String) {
        Gauge(label: "pilot_dependency_instances", dimensions: [("dependency", dependency)]).record(count)
    }

    /// `services.json` was written.
    static func servicesFileWritten() {
        Counter(label: "pilot_services_file_writes_total").increment()
    }

    /// A signal was sent to the service after a write.
    static func signalSent(_ name: String) {
        Counter(label: "pilot_signals_sent_total", dimensions: [("signal", name)]).increment()
    }

    /// A template's file was written.
    static func templateRendered(_ destination: String) {
        Counter(label: "pilot_template_renders_total", dimensions: [("destination", destination)]).increment()
        Gauge(label: "pilot_template_last_render_timestamp_seconds", dimensions: [("destination", destination)])
            .record(Double(Timestamp.now.secondsSince1970))
    }

    /// A template failed to render or to be written.
    static func templateFailed(_ destination: String) {
        Counter(label: "pilot_template_errors_total", dimensions: [("destination", destination)]).increment()
    }

    /// A template's command failed.
    static func templateCommandFailed(_ destination: String) {
        Counter(label: "pilot_template_command_failures_total", dimensions: [("destination", destination)]).increment()
    }

    /// From the watch receiving Consul's answer to the file written with it.
    static func propagationDelay(_ duration: Duration) {
        Timer(label: "pilot_propagation_delay_seconds", preferredDisplayUnit: .seconds).recordNanoseconds(duration.nanoseconds)
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
