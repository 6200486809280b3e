/// Checks a dependency manifest against every ``LintRule`` and reports what it finds, in file order.
public struct Linter: Sendable {
    /// What counts as a missing service.
    public var options: LintOptions

    /// Creates a linter.
    public init(options: LintOptions = LintOptions()) {
        self.options = options
    }

    /// Every finding in `manifest`, sorted by place, then by rule.
    ///
    /// - Parameter graph: the manifest's graph, when the caller has built it already.
    public func lint(_ manifest: DependencyManifest, graph: DependencyGraph? = nil) -> [Diagnostic] {
        let graph = graph ?? DependencyGraph(manifest)
        var findings: [(offset: Int, rule: LintRule, message: String)] = []
        var nameProblems = [String??](repeating: nil, count: graph.services.count)
        func problem(ofNumber number: Int) -> String? {
            if let known = nameProblems[number] { return known }
            let found = ServiceName.problem(with: graph.services[number])
            nameProblems[number] = .some(found)
            return found
        }

        var firstDeclaration: [Int: Int] = [:]
        var lastListOf = [Int](repeating: -1, count: graph.services.count)
        for (listIndex, declaration) in manifest.declarations.enumerated() {
            let source = graph.number(of: declaration.name)!
            if let first = firstDeclaration[source] {
                let place = manifest.location(ofOffset: first)
                findings.append((
                    declaration.offset, .duplicateKey,
                    "\(JSONText.quoted(declaration.name)) is declared more than once (first at line \(place.line), "
                        + "column \(place.column)); JSON readers keep only one of the lists"
                ))
            } else {
                firstDeclaration[source] = declaration.offset
                if let problem = problem(ofNumber: source) {
                    findings.append((declaration.offset, .invalidName, "invalid service name \(JSONText.quoted(declaration.name)): \(problem)"))
                }
            }
            for reference in declaration.dependencies {
                let target = graph.number(of: reference.name)!
                if lastListOf[target] == listIndex {
                    findings.append((
                        reference.offset, .duplicateEntry,
                        "\(JSONText.quoted(declaration.name)) lists \(JSONText.quoted(reference.name)) more than once"
                    ))
                    continue
                }
                lastListOf[target] = listIndex
                if let problem = problem(ofNumber: target) {
                    findings.append((reference.offset, .invalidName, "invalid service name \(JSONText.quoted(reference.name)): \(problem)"))
                }
                if let message = missingMessage(for: reference.name, number: target, in: graph, referencedBy: declaration.name) {
                    findings.append((reference.offset, .missing, message))
                }
            }
        }

        for cycle in graph.cycles() {
            let offset = Self.offsetOfEdge(from: cycle.path[0], to: cycle.path[1], in: manifest)
            findings.append((offset, .cycle, Self.message(for: cycle)))
        }

        let ruleOrder = Dictionary(uniqueKeysWithValues: LintRule.allCases.enumerated().map { ($1, $0) })
        findings.sort { ($0.offset, ruleOrder[$0.rule]!) < ($1.offset, ruleOrder[$1.rule]!) }
        return findings.map { Diagnostic(rule: $0.rule, location: manifest.location(ofOffset: $0.offset), message: $0.message) }
    }

    private func missingMessage(for name: String, number: Int, in graph: DependencyGraph, referencedBy owner: String) -> String? {
        guard number >= graph.declaredCount else { return nil }
        if let known = options.knownServices {
            guard !known.contains(name) else { return nil }
            return "\(JSONText.quoted(owner)) depends on \(JSONText.quoted(name)), which is neither declared nor known"
        }
        guard options.strict else { return nil }
        return "\(JSONText.quoted(owner)) depends on \(JSONText.quoted(name)), which is not declared; "
            + "declare it, as \(JSONText.quoted(name)): [] if it depends on nothing"
    }

    private static func message(for cycle: DependencyCycle) -> String {
        if cycle.isSelfDependency {
            return "\(JSONText.quoted(cycle.path[0])) depends on itself: \(cycle)"
        }
        var text = "dependency cycle: \(cycle)"
        let visited = Set(cycle.path)
        let others = cycle.members.filter { !visited.contains($0) }
        if !others.isEmpty {
            let shown = others.prefix(5).joined(separator: ", ")
            let more = others.count > 5 ? " and \(others.count - 5) more" : ""
            text += " (the same cycle group also holds \(shown)\(more); \(cycle.members.count) services in all)"
        }
        return text
    }

    /// Where `from` lists `to`: the first such entry; the key of `from` if, impossibly, there is none.
    private static func offsetOfEdge(from: String, to: String, in manifest: DependencyManifest) -> Int {
        var keyOffset = 0
        for declaration in manifest.declarations where declaration.name == from {
            keyOffset = declaration.offset
            if let reference = declaration.dependencies.first(where: { $0.name == to }) {
                return reference.offset
            }
        }
        return keyOffset
    }
}
