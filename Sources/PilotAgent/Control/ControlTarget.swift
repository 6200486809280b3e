/// What the control socket's state-changing requests act on.
///
/// The control server parses and answers; the target acts. The environment mode's target is its registration,
/// dependency reloader and main job (``EnvironmentModeControl``); a ContainerPilot configuration's is the job
/// engine. Every method answers: a target that cannot act says why in the reply.
protocol ControlTarget: Sendable {
    /// `POST /v3/maintenance/enable|disable`: take the service out of rotation (or back), keeping its
    /// registration.
    func setMaintenance(_ enabled: Bool, reason: String) async -> HTTPReply

    /// `POST /v3/reload`: read the configuration again and apply what changed.
    func reload() async -> HTTPReply

    /// `POST /v3/environ`: variables for the processes started from now on (`""` removes one).
    func setEnvironment(_ variables: [String: String]) async -> HTTPReply
}
