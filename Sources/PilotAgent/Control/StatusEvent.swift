/// What a part tells the status read model. Parts say what happened; only ``StatusReadModel`` knows
/// how `GET /v3/status` shows it.
enum StatusEvent: Sendable, Equatable {
    /// The registration pilot will make (name, ID, address, port).
    case registrationPlanned(name: String, id: String, address: String, port: Int)
    /// Consul took (`true`) or lost (`false`) the registration.
    case registered(Bool)
    /// Maintenance mode is now on or off in Consul.
    case maintenance(Bool)
    /// Consul accepted a check verdict.
    case checkReported(status: String, output: String, at: Timestamp)
    /// The dependencies watched, in order.
    case dependencies([String])
    /// A dependency's healthy instances changed.
    case instances(dependency: String, [String], at: Timestamp)
    /// A call to Consul got an answer (`error` nil), or failed with `error`.
    case consul(reachable: Bool, error: String?)
    /// A job's state, process or health changed.
    case job(StatusSnapshot.Job)
    /// A template's renders, wait or errors changed.
    case template(StatusSnapshot.Template)
    /// A reload changed the templates: only those writing these files remain.
    case templateDestinations([String])
}
