import ArgumentParser
import DiscoveryModel
import Glibc

/// `pilot-codegen`: writes a small reader of `services.json` for Go, Java or PHP.
@main
struct PilotCodegenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pilot-codegen",
        abstract: "Generate a reader of pilot's services.json for Go, Java or PHP.",
        discussion: """
            The reader loads the file at start (a missing or malformed file is an error then), returns each \
            dependency's "ip:port" instances, picks one at random or in turn, and keeps the last good content \
            when a later read fails. Go and Java reload on SIGHUP; PHP re-reads per request, only when the \
            file's inode, size or modification time changed. Standard library only.

            With --deps and --service, the reader also has one accessor per dependency of that service \
            (user-api becomes UserAPI() in Go, userApi() in Java and PHP); two dependencies that would get the \
            same accessor are an error.

            Every file starts with a header naming its input and pilot-codegen's version; the same input \
            always gives the same bytes.

              pilot-codegen --lang go --deps serviceDependencies.json --service web --out services

            Exit codes: 0 success, 1 the output could not be written, 2 a usage error or a bad dependency file.
            """,
        version: CodegenVersion.current
    )

    @Option(
        name: .customLong("lang"),
        help: ArgumentHelp("The language to write.", valueName: "language"))
    var language: TargetLanguage

    @Option(
        name: .customLong("deps"),
        help: ArgumentHelp(
            "A serviceDependencies.json (JSON5) whose entry for --service gets typed accessors. Without it, "
                + "the reader is generic: get(\"service2\").",
            valueName: "file"))
    var dependencyFile: String?

    @Option(
        help: ArgumentHelp(
            "The service (a key of --deps) whose dependencies get typed accessors; usually your SERVICE_NAME.",
            valueName: "name"))
    var service: String?

    @Option(
        name: .customLong("package"),
        help: ArgumentHelp(
            "The Go package name (default services), Java package (default pilot.services; files go in its "
                + "folder under --out) or PHP namespace (default Pilot\\Services).",
            valueName: "name"))
    var packageName: String?

    @Option(
        name: .customLong("out"),
        help: ArgumentHelp(
            "The directory to write into, created if needed. Files a previous run generated there and this one "
                + "does not are removed; other files are left alone.",
            valueName: "directory"))
    var outputDirectory: String

    func validate() throws {
        switch (dependencyFile, service) {
        case (.some, .none): throw ValidationError("--deps needs --service: whose dependencies get accessors?")
        case (.none, .some): throw ValidationError("--service needs --deps: the file that lists its dependencies")
        default: break
        }
        if let packageName, let problem = PackageName.problem(with: packageName, for: language) {
            throw ValidationError("--package \(JSONText.quoted(packageName)): \(problem)")
        }
    }

    func run() throws {
        let request = try makeRequest()
        try OutputDirectory(path: outputDirectory).write(ReaderGenerator.files(for: request))
    }

    /// The checked request: the language, the package and, with `--deps`, the dependencies.
    func makeRequest() throws(CodegenError) -> GenerationRequest {
        var dependencies: DependencySelection?
        if let dependencyFile, let service {
            dependencies = try DependencyResolver.resolve(path: dependencyFile, service: service, language: language)
        }
        return GenerationRequest(
            language: language,
            packageName: packageName ?? PackageName.defaultName(for: language),
            dependencies: dependencies)
    }

    /// Runs the command line. Bad input exits 2, as in every pilot command (swift-argument-parser's own
    /// code for a usage error is 64); a failure to write exits 1.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CodegenError {
            StandardError.write(error.description)
            Glibc.exit(error.isUsageError ? 2 : 1)
        } catch {
            if exitCode(for: error) == .validationFailure {
                StandardError.write(fullMessage(for: error))
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }
}
