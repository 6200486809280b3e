import DiscoveryModel

/// What pilot knows of each dependency's healthy instances, and what `services.json` should say.
///
/// Pure: the watches feed it answers, the publisher asks it for the document.
struct DiscoveryState: Sendable {
    /// The dependencies, as named in `serviceDependencies.json` (the file's keys use these names).
    private(set) var dependencies: [String]
    /// Dependencies whose last non-empty list is kept when they drop to no healthy instance
    /// (SmartStack's `use_previous_backends`); `"*"` stands for all of them.
    private(set) var keepLastKnown: Set<String>
    /// The file as it was when pilot started, used for dependencies that have not answered yet.
    let previous: ServicesDocument?

    private var answers: [String: [ServiceInstance]] = [:]

    init(dependencies: [String], keepLastKnown: Set<String> = [], previous: ServicesDocument? = nil) {
        self.dependencies = dependencies
        self.keepLastKnown = keepLastKnown
        self.previous = previous
    }

    /// Changes the dependencies (a reload): answers of those that stay are kept, those removed forgotten.
    mutating func setDependencies(_ dependencies: [String], keepLastKnown: Set<String>) {
        self.dependencies = dependencies
        self.keepLastKnown = keepLastKnown
        answers = answers.filter { dependencies.contains($0.key) }
    }

    /// Whether every dependency has answered at least once.
    var isComplete: Bool { dependencies.allSatisfy { answers[$0] != nil } }

    /// The dependencies that have not answered yet.
    var unanswered: [String] { dependencies.filter { answers[$0] == nil } }

    /// Records an answer. Returns whether what the file should say changed.
    mutating func record(_ instances: [ServiceInstance], for dependency: String) -> Bool {
        let sorted = Array(Set(instances)).sorted()
        let keeps = keepLastKnown.contains(dependency) || keepLastKnown.contains("*")
        if sorted.isEmpty, keeps, let known = answers[dependency], !known.isEmpty {
            return false
        }
        guard answers[dependency] != sorted else { return false }
        answers[dependency] = sorted
        return true
    }

    /// The document: every dependency a key; one that has not answered keeps its line of the previous
    /// file, or is empty.
    var document: ServicesDocument {
        var instances: [String: [ServiceInstance]] = [:]
        for dependency in dependencies {
            instances[dependency] = answers[dependency] ?? previous?[dependency] ?? []
        }
        return ServicesDocument(instances)
    }
}
