import ArgumentParser
import Glibc
import PilotAgent

/// The `pilot` command: the agent and the tools around it. Started by `main.swift`.
struct PilotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pilot",
        abstract: "Service registration and discovery for containers, with Consul.",
        discussion: """
            Exit codes: 0 success, 1 a failure at run time (or lint errors), 2 a usage or configuration error.
            """,
        version: PilotVersion.current,
        subcommands: [
            RunCommand.self, ServicesCommand.self, StatusCommand.self, MaintenanceCommand.self, ReloadCommand.self,
            LintCommand.self, GraphCommand.self, TemplateCommand.self,
        ],
        defaultSubcommand: RunCommand.self
    )

    /// Runs the command line, with usage errors mapped to exit code 2 (swift-argument-parser's own is 64),
    /// so that scripts can tell bad input from a failure at run time.
    static func main() async {
        // ContainerPilot's command lines (`-config`, `-reload`, ...) run with ContainerPilot's meaning.
        let arguments = Array(CommandLine.arguments.dropFirst())
        // Every start passes here: one variable is read, not the whole environment.
        let containerPilotVariable = getenv("CONTAINERPILOT").map { String(cString: $0) }
        if ContainerPilotFlags.claims(arguments, containerPilotVariable: containerPilotVariable) {
            Glibc.exit(await ContainerPilotCommandLine.run(arguments))
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                StandardError.write(fullMessage(for: error))
                Glibc.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}
