import CoreMetrics

/// The client's metrics, through swift-metrics (the application chooses the backend; without one they cost
/// nothing): calls and failures by route, and how long blocking calls were held.
enum ConsulMetrics {
    /// Counts a call Consul answered.
    static func recordCall(route: String, status: Int, duration: Duration, blocking: Bool) {
        Counter(label: "consul_requests_total", dimensions: [("route", route), ("status", String(status))]).increment()
        if !(200..<300).contains(status) {
            Counter(label: "consul_errors_total", dimensions: [("route", route), ("code", "http_\(status)")]).increment()
        }
        if blocking {
            Timer(label: "consul_blocking_query_wait_seconds", preferredDisplayUnit: .seconds)
                .recordNanoseconds(Int64(duration.components.seconds) * 1_000_000_000
                    + Int64(duration.components.attoseconds / 1_000_000_000))
        }
    }

    /// Counts a call that got no answer (a refused connection, a timeout).
    static func recordFailure(route: String, code: ConsulError.Code) {
        Counter(label: "consul_errors_total", dimensions: [("route", route), ("code", code.description)]).increment()
    }
}
