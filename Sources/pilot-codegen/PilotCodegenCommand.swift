import ArgumentParser

/// Emits reader libraries of `services.json` for Go, Java and PHP (filled in by the codegen issue).
@main
struct PilotCodegenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pilot-codegen",
        abstract: "Generate services.json readers for Go, Java and PHP (not yet available)."
    )

    func run() throws {
        throw CleanExit.message("pilot-codegen: the generators land with the codegen issue")
    }
}
