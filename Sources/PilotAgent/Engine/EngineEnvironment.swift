import Glibc
import Synchronization

/// The environment every process the engine starts is given: pilot's own, changed by `/v3/environ`
/// (`-putenv`), plus ContainerPilot's variables: `CONTAINERPILOT_PID`, and for each job
/// `CONTAINERPILOT_<JOB>_IP` (when it registers a service) and `CONTAINERPILOT_<JOB>_PID` (while its process runs).
///
/// ContainerPilot sets these with `os.Setenv` on its own process from every job's goroutine, so jobs started
/// together can see each other's half-written values; here a process gets one consistent copy, taken under the
/// lock when it is spawned.
final class EngineEnvironment: Sendable {
    private let variables: Mutex<[String: String]>

    /// The environment `base`, with `CONTAINERPILOT_PID` set to pilot's process ID for a ContainerPilot
    /// configuration's jobs.
    init(base: [String: String], containerPilotVariables: Bool = true) {
        var variables = base
        if containerPilotVariables { variables["CONTAINERPILOT_PID"] = String(getpid()) }
        self.variables = Mutex(variables)
    }

    /// A copy for a process about to start.
    var snapshot: [String: String] { variables.withLock { $0 } }

    /// Sets (or, for `""`, removes) each variable; answers the environment now in force.
    @discardableResult
    func apply(_ changes: [String: String]) -> [String: String] {
        variables.withLock { variables in
            for (name, value) in changes { variables[name] = value.isEmpty ? nil : value }
            return variables
        }
    }

    /// Records job `job`'s address (`CONTAINERPILOT_<JOB>_IP`).
    func setAddress(_ address: String, ofJob job: String) {
        variables.withLock { $0[Self.variableName(job: job, suffix: "IP")] = address }
    }

    /// Records (or, for `nil`, removes) job `job`'s running process (`CONTAINERPILOT_<JOB>_PID`).
    func setProcess(_ pid: pid_t?, ofJob job: String) {
        variables.withLock { $0[Self.variableName(job: job, suffix: "PID")] = pid.map { String($0) } }
    }

    /// `CONTAINERPILOT_<JOB>_<SUFFIX>`, the job's name upper-cased with `-` as `_`, as ContainerPilot spells it.
    static func variableName(job: String, suffix: String) -> String {
        "CONTAINERPILOT_" + String(job.uppercased().map { $0 == "-" ? "_" : $0 }) + "_" + suffix
    }
}
