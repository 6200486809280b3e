/// A dependency cycle: services that, followed along their dependencies, come back to where they began.
public struct DependencyCycle: Hashable, Sendable, CustomStringConvertible {
    /// The cycle as a walk that ends where it starts: `["a", "b", "c", "a"]`, or `["a", "a"]` for a
    /// service that lists itself.
    public var path: [String]
    /// Every service of the cycle group (the strongly connected component), which may hold more
    /// services than ``path`` visits.
    public var members: [String]

    /// Creates a cycle.
    public init(path: [String], members: [String]) {
        self.path = path
        self.members = members
    }

    /// Whether this is a service that lists itself.
    public var isSelfDependency: Bool { path.count == 2 }

    /// `a -> b -> c -> a`.
    public var description: String { path.joined(separator: " -> ") }

    func firstNumber(in graph: DependencyGraph) -> Int {
        graph.number(of: path[0]) ?? Int.max
    }
}
