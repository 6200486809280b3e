import DiscoveryModel

/// `pilot status` as people read it.
public enum StatusTable {
    /// The snapshot as aligned `name  value` lines.
    public static func text(_ status: StatusSnapshot) -> String {
        var lines: [(String, String)] = [("pilot", "\(status.version), up \(DurationText.format(.seconds(Int64(status.uptimeSeconds))))")]
        if let registration = status.registration {
            let state = registration.maintenance ? "in maintenance" : (registration.registered ? "registered" : "not registered")
            lines.append(("service", "\(registration.name) (\(registration.id)) at \(registration.address):\(registration.port), \(state)"))
            let output = registration.checkOutput.split(separator: "\n").first.map { ": \($0)" } ?? ""
            lines.append(("health", registration.check + output))
        } else if status.jobs.isEmpty || status.process != nil {
            lines.append(("service", "not registered (SERVICE_PORT unset)"))
        }
        if let process = status.process {
            let pid = process.pid.map { "pid \($0), " } ?? ""
            let exit = process.lastExit.map { ", last \($0)" } ?? ""
            lines.append(("process", "\(pid)\(process.state), \(process.restarts) restarts\(exit)"))
        }
        for job in status.jobs {
            let pid = job.pid.map { ", pid \($0)" } ?? ""
            lines.append(("job \(job.name)", "\(job.state)\(pid), \(job.health)"))
        }
        for dependency in status.dependencies {
            let instances = dependency.instances.isEmpty ? "(none healthy)" : dependency.instances.joined(separator: ", ")
            lines.append(("dependency \(dependency.name)", instances))
        }
        for template in status.templates {
            var state = "\(template.renders) renders"
            if let last = template.lastRender { state += ", last \(last.iso8601)" }
            if !template.waitingFor.isEmpty { state += ", waiting for \(template.waitingFor.joined(separator: ", "))" }
            if let error = template.lastError { state += ", error: \(error)" }
            if let error = template.lastCommandError { state += ", command failed: \(error.split(separator: "\n").first ?? "")" }
            lines.append(("template \(template.destination)", state))
        }
        if let file = status.servicesFile { lines.append(("services file", file)) }
        let consul = status.consul.reachable ? "reachable" : "unreachable: \(status.consul.lastError ?? "")"
        lines.append(("consul", "\(status.consul.addresses.joined(separator: ", ")) \(consul)"))
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }.joined(separator: "\n") + "\n"
    }
}
