import ArgumentParser
import ConsulAPI
import DiscoveryModel
import Logging
import PilotAgent

/// `pilot lint`: checks dependency files for cycles, missing services, invalid names and duplicates.
struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check serviceDependencies.json files for cycles, missing services and invalid names.",
        discussion: """
            Each file is checked on its own. Rules: cycle, missing, invalid-name, duplicate-key (errors) and \
            duplicate-entry (a warning).

            A service that is referenced but not declared as a key (a leaf, such as "service4" in \
            {"service2": ["service4"]}) is accepted unless --strict or --known is given.

            Exit codes: 0 no errors (warnings allowed), 1 lint errors, 2 an unreadable or malformed file \
            or a bad option.
            """
    )

    @Argument(help: "The files to check.")
    var files: [String] = [DependencyManifest.defaultFileName]

    @Flag(help: "Require every referenced service to be declared as a key (a leaf as \"name\": []).")
    var strict = false

    @Option(
        name: .customLong("known"),
        help: ArgumentHelp(
            "A file of services known to exist elsewhere: one name per line, or a JSON array.",
            discussion: "A referenced service that is neither declared nor known is reported as missing.",
            valueName: "file"))
    var knownFile: String?

    @Option(
        help: ArgumentHelp(
            "A live Consul whose registered services count as known (host:port or URL; CONSUL_HTTP_TOKEN is used).",
            discussion: "A referenced service that is neither declared, nor in --known, nor registered there is missing.",
            valueName: "address"))
    var catalog: String?

    @Option(help: "How to print the findings: text, json, or github (workflow annotations).")
    var format: LintReportFormat = .text

    func run() async throws {
        var known: Set<String>?
        if let knownFile {
            do {
                known = try KnownServices.load(contentsOfFile: knownFile)
            } catch {
                StandardError.write("pilot lint: --known \(error)")
                throw ExitStatus.usage.exitCode
            }
        }
        if let catalog {
            do {
                known = (known ?? []).union(try await Self.catalogServices(at: catalog))
            } catch {
                StandardError.write("pilot lint: --catalog \(catalog): \(error)")
                throw ExitStatus.usage.exitCode
            }
        }
        let linter = Linter(options: LintOptions(strict: strict, knownServices: known))
        var report = LintReport()
        for file in files {
            do {
                let manifest = try DependencyManifest(contentsOfFile: file)
                report.add(file: file, diagnostics: linter.lint(manifest))
            } catch {
                report.add(file: file, malformed: error)
            }
        }
        print(format.render(report), terminator: "")
        if report.malformedCount > 0 { throw ExitStatus.usage.exitCode }
        if report.errorCount > 0 { throw ExitStatus.failure.exitCode }
    }

    /// The names of every service registered in the Consul at `address`.
    static func catalogServices(at address: String) async throws -> Set<String> {
        // The address goes through the same reading as the agent's CONSUL_HTTP_ADDR (the one address parser,
        // with CONSUL_HTTP_SSL's default scheme), so lint and the agent cannot disagree about it.
        var environment = ProcessEnvironment.current
        environment["CONSUL_ADDR"] = nil
        environment["CONSUL_HTTP_ADDR"] = address
        let configuration: ConsulConfiguration
        switch Result(catching: { () throws(ConsulError) in try ConsulConfiguration.fromEnvironment(environment) }) {
        case .success(let read):
            configuration = read
        case .failure(let error):
            guard error.variable == "CONSUL_HTTP_ADDR" else { throw error }
            throw CatalogAddressError(reason: error.detail ?? "\(error)")
        }
        let client = try ConsulClient(
            configuration: configuration, logger: Logger(label: "pilot-lint", factory: { _ in SwiftLogNoOpLogHandler() }))
        do {
            let names = try await client.catalog.services().value.keys
            try await client.shutdown()
            return Set(names)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

/// A `--catalog` address that the one Consul address parser rejects.
struct CatalogAddressError: Error, CustomStringConvertible {
    /// What is wrong with it.
    var reason: String

    /// The reason alone: the caller prefixes `--catalog ADDRESS`.
    var description: String { reason }
}
