/// The services of a manifest and who depends on whom, as a directed graph: an edge `a → b` means
/// `a` depends on `b`.
///
/// Services are numbered: declared ones first in file order, then services only referenced, in order of
/// first reference. Edges are stored in compressed rows both ways, so a graph of 100,000 services and
/// 1,000,000 edges is a handful of flat arrays. Every algorithm is iterative: a 100,000-deep chain does
/// not touch the stack's depth.
public struct DependencyGraph: Sendable {
    /// Every service, by number.
    public let services: [String]
    /// How many of ``services`` (the first ones) are declared as keys; the rest are only referenced.
    public let declaredCount: Int
    private let numbers: [String: Int]
    private let dependencyStarts: [Int]
    private let dependencyTargets: [Int32]
    private let dependentStarts: [Int]
    private let dependentSources: [Int32]

    /// Builds the graph of a manifest; duplicate keys are merged and duplicate entries counted once.
    public init(_ manifest: DependencyManifest) {
        var numbers: [String: Int] = [:]
        numbers.reserveCapacity(manifest.declarations.count)
        var services: [String] = []
        services.reserveCapacity(manifest.declarations.count)
        var declarationCounts: [Int] = []
        for declaration in manifest.declarations {
            if let known = numbers[declaration.name] {
                declarationCounts[known] += 1
            } else {
                numbers[declaration.name] = services.count
                services.append(declaration.name)
                declarationCounts.append(1)
            }
        }
        let declaredCount = services.count
        var lists = [[Int32]](repeating: [], count: declaredCount)
        // The last list that added each target, to drop duplicate entries in one pass.
        var lastAddedBy: [Int] = []
        for declaration in manifest.declarations {
            let source = numbers[declaration.name]!
            for reference in declaration.dependencies {
                let target: Int
                if let known = numbers[reference.name] {
                    target = known
                } else {
                    target = services.count
                    numbers[reference.name] = target
                    services.append(reference.name)
                }
                while lastAddedBy.count <= target { lastAddedBy.append(-1) }
                guard lastAddedBy[target] != source else { continue }
                lastAddedBy[target] = source
                // A service declared twice may meet a target again after other lists touched it.
                if declarationCounts[source] > 1, lists[source].contains(Int32(target)) { continue }
                lists[source].append(Int32(target))
            }
        }
        self.init(services: services, declaredCount: declaredCount, numbers: numbers, lists: lists)
    }

    /// Builds a graph from a dictionary, keys in sorted order, for callers without a file.
    public init(dependencies: [String: [String]]) {
        let text = dependencies.keys.sorted().map { key in
            "\(JSONText.quoted(key)): [\(dependencies[key]!.map(JSONText.quoted).joined(separator: ","))]"
        }.joined(separator: ",")
        // The text is built from quoted strings, so it always parses.
        self.init(try! DependencyManifest(path: "<dictionary>", text: "{\(text)}"))
    }

    private init(services: [String], declaredCount: Int, numbers: [String: Int], lists: [[Int32]]) {
        self.services = services
        self.declaredCount = declaredCount
        self.numbers = numbers
        let count = services.count
        var starts = [Int](repeating: 0, count: count + 1)
        var targets: [Int32] = []
        targets.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        var inDegree = [Int](repeating: 0, count: count + 1)
        for node in 0..<count {
            starts[node] = targets.count
            if node < lists.count {
                targets.append(contentsOf: lists[node])
                for target in lists[node] { inDegree[Int(target)] += 1 }
            }
        }
        starts[count] = targets.count
        self.dependencyStarts = starts
        self.dependencyTargets = targets
        // Reverse rows by counting sort, so dependents come out in numeric order.
        var reverseStarts = [Int](repeating: 0, count: count + 1)
        for node in 0..<count { reverseStarts[node + 1] = reverseStarts[node] + inDegree[node] }
        var cursor = reverseStarts
        var sources = [Int32](repeating: 0, count: targets.count)
        for node in 0..<count {
            for slot in starts[node]..<starts[node + 1] {
                let target = Int(targets[slot])
                sources[cursor[target]] = Int32(node)
                cursor[target] += 1
            }
        }
        self.dependentStarts = reverseStarts
        self.dependentSources = sources
    }

    // MARK: Lookup

    /// The number of edges, duplicates excluded.
    public var edgeCount: Int { dependencyTargets.count }

    /// The number of a service, or `nil` when it is neither declared nor referenced.
    public func number(of service: String) -> Int? { numbers[service] }

    /// Whether `service` is declared as a key (not only referenced).
    public func isDeclared(_ service: String) -> Bool {
        numbers[service].map { $0 < declaredCount } ?? false
    }

    /// The services `service` depends on directly, in file order; empty for unknown services.
    public func dependencies(of service: String) -> [String] {
        guard let node = numbers[service] else { return [] }
        return dependencyNumbers(of: node).map { services[Int($0)] }
    }

    /// The services that depend directly on `service`, in numbering order.
    public func dependents(of service: String) -> [String] {
        guard let node = numbers[service] else { return [] }
        return dependentNumbers(of: node).map { services[Int($0)] }
    }

    /// The direct dependencies of service number `node`.
    public func dependencyNumbers(of node: Int) -> ArraySlice<Int32> {
        dependencyTargets[dependencyStarts[node]..<dependencyStarts[node + 1]]
    }

    /// The direct dependents of service number `node`.
    public func dependentNumbers(of node: Int) -> ArraySlice<Int32> {
        dependentSources[dependentStarts[node]..<dependentStarts[node + 1]]
    }

    // MARK: Closure and order

    /// Every service `service` depends on, directly or not, in breadth-first order; `service` itself only
    /// when it lies on a cycle.
    public func transitiveDependencies(of service: String) -> [String] {
        guard let start = numbers[service] else { return [] }
        var visited = [Bool](repeating: false, count: services.count)
        var queue: [Int] = []
        var head = 0
        for next in dependencyNumbers(of: start) where !visited[Int(next)] {
            visited[Int(next)] = true
            queue.append(Int(next))
        }
        while head < queue.count {
            let node = queue[head]
            head += 1
            for next in dependencyNumbers(of: node) where !visited[Int(next)] {
                visited[Int(next)] = true
                queue.append(Int(next))
            }
        }
        return queue.map { services[$0] }
    }

    /// The services in an order where each comes after everything it depends on (a start order), or
    /// `nil` when the graph has a cycle. Ties keep numbering order, so the result is deterministic.
    public func topologicalOrder() -> [String]? {
        let count = services.count
        var remaining = (0..<count).map { dependencyStarts[$0 + 1] - dependencyStarts[$0] }
        var order: [Int] = []
        order.reserveCapacity(count)
        for node in 0..<count where remaining[node] == 0 { order.append(node) }
        var head = 0
        while head < order.count {
            let node = order[head]
            head += 1
            for dependent in dependentNumbers(of: node) {
                remaining[Int(dependent)] -= 1
                if remaining[Int(dependent)] == 0 { order.append(Int(dependent)) }
            }
        }
        guard order.count == count else { return nil }
        return order.map { services[$0] }
    }

    /// Whether service number `node` lists itself.
    public func dependsOnItself(_ node: Int) -> Bool {
        dependencyNumbers(of: node).contains(Int32(node))
    }
}
