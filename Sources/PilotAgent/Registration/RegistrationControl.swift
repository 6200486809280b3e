/// Requests to the registration from outside (the control socket): maintenance on and off. Carried by a
/// ``RequestChannel``, so each is answered, even when Consul is away or pilot is stopping.
final class RegistrationControl: Sendable {
    /// Maintenance on or off, and why (shown in Consul).
    struct MaintenanceRequest: Sendable {
        var on: Bool
        var reason: String
    }

    /// The requests, read by the ``JobRunner`` of the job that registers the service.
    let channel = RequestChannel<MaintenanceRequest, Void>()

    /// Takes the service out of rotation (`true`) or puts it back (`false`).
    ///
    /// - Throws: the Consul error when Consul refused; ``MaintenanceDeferred`` when Consul cannot be reached
    ///   now (the change is applied once it can); ``RequestChannelError`` when pilot is stopping.
    func setMaintenance(_ maintenance: Bool, reason: String) async throws {
        try await channel.ask(MaintenanceRequest(on: maintenance, reason: reason))
    }
}

/// A maintenance change pilot could not make now because Consul does not hold the registration; it is
/// made as soon as pilot registers again.
struct MaintenanceDeferred: Error, Sendable, CustomStringConvertible {
    /// On or off.
    var on: Bool
    /// Why Consul cannot be reached, when known.
    var lastError: String?

    var description: String {
        "Consul does not hold the registration now\(lastError.map { " (\($0))" } ?? ""); maintenance will be turned "
            + "\(on ? "on" : "off") as soon as pilot registers again"
    }
}

/// A maintenance change Consul refused or did not answer; it is tried again at the next check interval.
struct MaintenanceFailed: Error, Sendable, CustomStringConvertible {
    /// On or off.
    var on: Bool
    /// Consul's answer, or why there was none.
    var reason: String

    var description: String {
        "Consul did not turn maintenance \(on ? "on" : "off"): \(reason); pilot tries again at the next check interval"
    }
}
