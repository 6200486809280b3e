/// Draws a dependency graph as text for Graphviz (`dot`) or Mermaid, with the edges of every cycle
/// highlighted and services that are referenced but not declared drawn dashed.
public struct GraphRenderer: Sendable {
    /// The drawing languages.
    public enum Format: String, CaseIterable, Sendable {
        /// Graphviz DOT.
        case dot
        /// A Mermaid flowchart.
        case mermaid
    }

    /// The graph to draw.
    public let graph: DependencyGraph

    /// Creates a renderer.
    public init(graph: DependencyGraph) {
        self.graph = graph
    }

    /// The drawing of the whole graph, or of `service` and everything it depends on.
    ///
    /// - Returns: `nil` when `service` is given but not in the graph.
    public func render(format: Format, service: String? = nil) -> String? {
        var included: [Int]
        if let service {
            guard let root = graph.number(of: service) else { return nil }
            let closure = graph.transitiveDependencies(of: service).compactMap(graph.number(of:))
            included = [root] + closure.filter { $0 != root }
        } else {
            included = Array(graph.services.indices)
        }
        included.sort()
        var isIncluded = [Bool](repeating: false, count: graph.services.count)
        for node in included { isIncluded[node] = true }

        var componentOf = [Int](repeating: 0, count: graph.services.count)
        for (index, component) in graph.stronglyConnectedComponentNumbers().enumerated() {
            for node in component { componentOf[node] = index }
        }
        var edges: [(from: Int, to: Int, onCycle: Bool)] = []
        for node in included {
            for target in graph.dependencyNumbers(of: node).map(Int.init) where isIncluded[target] {
                edges.append((node, target, componentOf[node] == componentOf[target]))
            }
        }
        switch format {
        case .dot: return dot(nodes: included, edges: edges)
        case .mermaid: return mermaid(nodes: included, edges: edges)
        }
    }

    private func dot(nodes: [Int], edges: [(from: Int, to: Int, onCycle: Bool)]) -> String {
        var lines = ["digraph dependencies {", "  rankdir=LR;", "  node [shape=box];"]
        for node in nodes {
            let name = JSONText.quoted(graph.services[node])
            lines.append(node < graph.declaredCount ? "  \(name);" : "  \(name) [style=dashed];")
        }
        for edge in edges {
            let line = "  \(JSONText.quoted(graph.services[edge.from])) -> \(JSONText.quoted(graph.services[edge.to]))"
            lines.append(edge.onCycle ? line + " [color=red, penwidth=2];" : line + ";")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private func mermaid(nodes: [Int], edges: [(from: Int, to: Int, onCycle: Bool)]) -> String {
        var lines = ["flowchart LR"]
        for node in nodes {
            let label = graph.services[node].replacingQuotes()
            lines.append("  n\(node)[\"\(label)\"]")
        }
        var cycleLinks: [String] = []
        for (index, edge) in edges.enumerated() {
            lines.append("  n\(edge.from) --> n\(edge.to)")
            if edge.onCycle { cycleLinks.append(String(index)) }
        }
        if !cycleLinks.isEmpty {
            lines.append("  linkStyle \(cycleLinks.joined(separator: ",")) stroke:red,stroke-width:3px")
        }
        let undeclared = nodes.filter { $0 >= graph.declaredCount }.map { "n\($0)" }
        if !undeclared.isEmpty {
            lines.append("  classDef undeclared stroke-dasharray: 5 5")
            lines.append("  class \(undeclared.joined(separator: ",")) undeclared")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// Mermaid labels cannot hold a double quote; its entity stands in.
    fileprivate func replacingQuotes() -> String {
        var result = ""
        for character in self { result += character == "\"" ? "#quot;" : String(character) }
        return result
    }
}
