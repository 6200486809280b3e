/// The control socket's target in the environment mode: the registration, the dependency reloader and the main
/// job, each of which may be absent when its setting is.
struct EnvironmentModeControl: ControlTarget {
    let registration: RegistrationControl?
    let reloader: AgentReloader
    let job: JobHandle?

    func setMaintenance(_ enabled: Bool, reason: String) async -> HTTPReply {
        guard let registration else {
            return .error("pilot registers nothing (SERVICE_PORT is unset)", status: 409)
        }
        do {
            try await registration.setMaintenance(enabled, reason: reason)
            return .json(["maintenance": enabled])
        } catch {
            return .error("\(error)", status: 503)
        }
    }

    func reload() async -> HTTPReply {
        do {
            let change = try await reloader.reload()
            return .json([
                "added": change.added, "removed": change.removed, "dependencies": change.dependencies,
                "templates": change.templates,
            ])
        } catch {
            return .error("\(error)", status: 400)
        }
    }

    func setEnvironment(_ variables: [String: String]) async -> HTTPReply {
        guard let job else { return .error("pilot runs no service (SERVICE_COMMAND is unset)", status: 409) }
        job.setEnvironment(variables)
        return .json(["environment": job.environment])
    }
}
