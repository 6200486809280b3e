extension DependencyGraph {
    /// The strongly connected components, each a list of service numbers, found by Tarjan's algorithm
    /// with an explicit stack. Components come out dependencies first (reverse topological order of the
    /// condensed graph); a component of several services, or of one that lists itself, is a cycle.
    public func stronglyConnectedComponentNumbers() -> [[Int]] {
        let count = services.count
        let unvisited = -1
        var discovery = [Int](repeating: unvisited, count: count)
        var lowLink = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var componentStack: [Int] = []
        var components: [[Int]] = []
        var nextDiscovery = 0
        // Each frame: the node and how far through its dependency row the walk has got.
        var callStack: [(node: Int, slot: Int)] = []

        for root in 0..<count where discovery[root] == unvisited {
            discovery[root] = nextDiscovery
            lowLink[root] = nextDiscovery
            nextDiscovery += 1
            componentStack.append(root)
            onStack[root] = true
            callStack.append((root, 0))

            while let frame = callStack.last {
                let row = dependencyNumbers(of: frame.node)
                if frame.slot < row.count {
                    let next = Int(row[row.startIndex + frame.slot])
                    callStack[callStack.count - 1].slot += 1
                    if discovery[next] == unvisited {
                        discovery[next] = nextDiscovery
                        lowLink[next] = nextDiscovery
                        nextDiscovery += 1
                        componentStack.append(next)
                        onStack[next] = true
                        callStack.append((next, 0))
                    } else if onStack[next] {
                        lowLink[frame.node] = min(lowLink[frame.node], discovery[next])
                    }
                    continue
                }
                callStack.removeLast()
                if let parent = callStack.last {
                    lowLink[parent.node] = min(lowLink[parent.node], lowLink[frame.node])
                }
                if lowLink[frame.node] == discovery[frame.node] {
                    var component: [Int] = []
                    while true {
                        let member = componentStack.removeLast()
                        onStack[member] = false
                        component.append(member)
                        if member == frame.node { break }
                    }
                    components.append(component.sorted())
                }
            }
        }
        return components
    }

    /// The strongly connected components by name, each sorted by numbering order.
    public func stronglyConnectedComponents() -> [[String]] {
        stronglyConnectedComponentNumbers().map { $0.map { services[$0] } }
    }

    /// Every cycle group: each strongly connected component of two or more services, with a shortest
    /// cycle through its first-numbered member; plus each service that lists itself. Each group is
    /// reported once, so disjoint cycles give one entry each.
    public func cycles() -> [DependencyCycle] {
        var result: [DependencyCycle] = []
        var inComponent = [Bool](repeating: false, count: services.count)
        for component in stronglyConnectedComponentNumbers() {
            for node in component where dependsOnItself(node) {
                result.append(DependencyCycle(path: [services[node], services[node]], members: [services[node]]))
            }
            guard component.count > 1 else { continue }
            for node in component { inComponent[node] = true }
            let start = component[0]
            let path = shortestCycle(through: start, within: inComponent)
            for node in component { inComponent[node] = false }
            result.append(DependencyCycle(path: path.map { services[$0] }, members: component.map { services[$0] }))
        }
        return result.sorted {
            ($0.firstNumber(in: self), $0.isSelfDependency ? 0 : 1) < ($1.firstNumber(in: self), $1.isSelfDependency ? 0 : 1)
        }
    }

    /// Breadth-first search from `start` back to itself, inside one component, ignoring self-edges.
    private func shortestCycle(through start: Int, within inComponent: [Bool]) -> [Int] {
        var parent: [Int: Int] = [start: start]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for next in dependencyNumbers(of: node).map(Int.init) where inComponent[next] && next != node {
                if next == start {
                    var path = [start]
                    var cursor = node
                    while cursor != start {
                        path.append(cursor)
                        cursor = parent[cursor]!
                    }
                    // path holds start then the walk backwards; reverse the tail to read forwards.
                    return [start] + path.dropFirst().reversed() + [start]
                }
                if parent[next] == nil {
                    parent[next] = node
                    queue.append(next)
                }
            }
        }
        // A strongly connected component of two or more always has a cycle through each member.
        preconditionFailure("no cycle through \(services[start]) within its strongly connected component")
    }
}
