public import ArgumentParser
import DiscoveryModel
import PilotAgent

/// `pilot graph`: draws the dependency graph for people who would rather look than read.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a serviceDependencies.json as a Graphviz or Mermaid graph.",
        discussion: """
            Edges on a dependency cycle are drawn red; services referenced but not declared are dashed. \
            Render DOT with `dot -Tsvg`; paste Mermaid into a Markdown file.
            """
    )

    @Argument(help: "The dependency file.")
    var file: String = DependencyManifest.defaultFileName

    @Option(help: "The drawing language: dot or mermaid.")
    var format: GraphRenderer.Format = .dot

    @Option(help: "Draw only this service and everything it depends on, directly or not.")
    var service: String?

    func run() throws {
        let manifest: DependencyManifest
        do {
            manifest = try DependencyManifest(contentsOfFile: file)
        } catch {
            StandardError.write("pilot graph: \(error)")
            throw ExitStatus.usage.exitCode
        }
        let graph = DependencyGraph(manifest)
        guard let drawing = GraphRenderer(graph: graph).render(format: format, service: service) else {
            let declared = manifest.declaredServices.prefix(20).joined(separator: ", ")
            StandardError.write("pilot graph: --service \"\(service ?? "")\" is not in \(file); it declares: \(declared)")
            throw ExitStatus.usage.exitCode
        }
        print(drawing, terminator: "")
    }
}

extension GraphRenderer.Format: ExpressibleByArgument {}
