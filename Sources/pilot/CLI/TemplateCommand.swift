import ArgumentParser
import Glibc
import DiscoveryModel
import PilotAgent
import SettingValues

/// `pilot template SOURCE`: render a consul-template template against the live registry and print it.
struct TemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Render a consul-template template against the live registry and print it (writes nothing).",
        discussion: """
            Waits until every query the template makes has an answer, as pilot run does before writing, then \
            prints the text; again at each change unless --once. Reads Consul's settings as pilot run does \
            (CONSUL_ADDR, CONSUL_HTTP_TOKEN, ...). Exit codes: 0; 1 when Consul does not answer within --timeout \
            or the template fails to render; 2 for a template that cannot be read or parsed, or bad settings.
            """
    )

    @Argument(help: ArgumentHelp("The template file.", valueName: "source"))
    var source: String

    @Flag(help: "Print the first complete render and exit (consul-template's -once).")
    var once = false

    @Flag(help: "Accepted for consul-template's -dry: pilot template never writes a file.")
    var dry = false

    @Option(help: ArgumentHelp("How long to wait for the first complete render (default 10s).", valueName: "duration"))
    var timeout = "10s"

    @Option(help: ArgumentHelp("The template's left delimiter (default {{).", valueName: "text"))
    var leftDelimiter = "{{"

    @Option(help: ArgumentHelp("The template's right delimiter (default }}).", valueName: "text"))
    var rightDelimiter = "}}"

    @Flag(help: "A missing map key fails the render instead of printing <no value>.")
    var errorOnMissingKey = false

    @OptionGroup var options: RunOptions

    func run() async throws {
        let configuration: AgentConfiguration
        let limit: Duration
        do {
            configuration = try AgentConfiguration(
                flags: options.flags, environment: ProcessEnvironment.current,
                systemHostname: ProcessEnvironment.hostname)
            limit = try DurationText.parse(timeout)
        } catch {
            StandardError.write("pilot: \(error)")
            throw ExitStatus.usage.exitCode
        }
        let definition = TemplateDefinition(
            source: source, destination: "-", leftDelimiter: leftDelimiter, rightDelimiter: rightDelimiter,
            errorOnMissingKey: errorOnMissingKey)
        do {
            try await TemplatePreview.run(
                definition, consul: configuration.consul, environment: ProcessEnvironment.current, once: once,
                timeout: limit
            ) { text in
                print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
                // Each render reaches a pipe or a file at once, not when a buffer fills.
                fflush(nil)
            }
        } catch {
            StandardError.write("pilot: \(error)")
            throw (error.isUsage ? ExitStatus.usage : ExitStatus.failure).exitCode
        }
    }
}
