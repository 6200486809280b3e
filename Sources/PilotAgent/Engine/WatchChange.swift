import ContainerPilotConfig

/// The decisions of one watch: which events a new answer from Consul publishes.
///
/// As ContainerPilot's watches do: when the set of passing instances differs from the last one, `changed`,
/// then `healthy` when at least one instance passes, or `unhealthy` when none does. An empty first answer
/// is no change. Pure: the shell feeds it every answer.
struct WatchChange: Sendable {
    /// The passing instances last seen, sorted (`address:port`).
    private(set) var instances: [String] = []

    /// Takes in the passing instances of an answer; returns the events to publish, in order.
    mutating func update(_ newInstances: [String]) -> [EventCode] {
        let sorted = newInstances.sorted()
        guard sorted != instances else { return [] }
        instances = sorted
        return [.changed, sorted.isEmpty ? .unhealthy : .healthy]
    }
}
