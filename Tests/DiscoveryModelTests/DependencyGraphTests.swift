import DiscoveryModel
import Testing
import Foundation

@Suite struct DependencyGraphTests {
    let brief = DependencyGraph(dependencies: ["service1": ["service2", "service3"], "service2": ["service4"]])

    @Test func dependenciesAndDependentsFollowTheEdges() {
        #expect(brief.dependencies(of: "service1") == ["service2", "service3"])
        #expect(brief.dependencies(of: "service4") == [])
        #expect(brief.dependents(of: "service4") == ["service2"])
        #expect(brief.dependents(of: "service2") == ["service1"])
        #expect(brief.dependents(of: "unknown") == [])
    }

    @Test func declaredServicesComeFirstThenLeaves() {
        #expect(brief.services == ["service1", "service2", "service3", "service4"])
        #expect(brief.declaredCount == 2)
        #expect(brief.isDeclared("service2"))
        #expect(!brief.isDeclared("service4"))
    }

    @Test func transitiveDependenciesReachEveryLevel() {
        #expect(Set(brief.transitiveDependencies(of: "service1")) == ["service2", "service3", "service4"])
        #expect(brief.transitiveDependencies(of: "service4") == [])
    }

    @Test func topologicalOrderPutsDependenciesFirst() throws {
        let order = try #require(brief.topologicalOrder())
        #expect(order.count == 4)
        for service in brief.services {
            for dependency in brief.dependencies(of: service) {
                #expect(order.firstIndex(of: dependency)! < order.firstIndex(of: service)!)
            }
        }
    }

    @Test func topologicalOrderIsNilWithACycle() {
        let graph = DependencyGraph(dependencies: ["a": ["b"], "b": ["a"]])
        #expect(graph.topologicalOrder() == nil)
    }

    @Test func duplicateEntriesMakeOneEdge() throws {
        let graph = DependencyGraph(try DependencyManifest(text: #"{"a": ["b", "b"], "c": ["b"], "a": ["b", "c"]}"#))
        #expect(graph.dependencies(of: "a") == ["b", "c"])
        #expect(graph.edgeCount == 3)
    }

    @Test func stronglyConnectedComponentsGroupCycles() {
        let graph = DependencyGraph(dependencies: ["a": ["b"], "b": ["c"], "c": ["a", "d"], "d": ["e"], "e": ["d"], "f": []])
        let components = Set(graph.stronglyConnectedComponents().map { Set($0) })
        #expect(components == [["a", "b", "c"], ["d", "e"], ["f"]])
    }

    @Test func everyDisjointCycleIsReportedOnce() throws {
        let graph = DependencyGraph(try Fixture.manifest("disjointCyclesAreEachReportedOnce.json"))
        let cycles = graph.cycles()
        #expect(cycles.map(\.description) == ["a -> b -> a", "c -> d -> e -> c", "f -> f"])
    }

    @Test func cycleGroupReportsAShortestCycleAndAllMembers() {
        // a -> b -> c -> d -> a, and the shortcut b -> a: the shortest cycle through a is a -> b -> a.
        let graph = DependencyGraph(dependencies: ["a": ["b"], "b": ["c", "a"], "c": ["d"], "d": ["a"]])
        let cycles = graph.cycles()
        #expect(cycles.count == 1)
        #expect(cycles.first?.path == ["a", "b", "a"])
        #expect(cycles.first?.members == ["a", "b", "c", "d"])
    }

    @Test func selfDependencyInsideALargerCycleIsReportedToo() {
        let graph = DependencyGraph(dependencies: ["a": ["b", "a"], "b": ["a"]])
        #expect(graph.cycles().map(\.description) == ["a -> a", "a -> b -> a"])
    }

    /// Iterative algorithms only: a recursive walk of this chain would overflow the stack.
    @Test func hundredThousandDeepChainDoesNotOverflowTheStack() throws {
        let depth = 100_000
        var text = "{"
        for index in 0..<depth { text += "\"s\(index)\": [\"s\(index + 1)\"]," }
        text += "\"s\(depth)\": [\"s0\"]}"
        let manifest = try DependencyManifest(text: text)
        let graph = DependencyGraph(manifest)
        #expect(graph.services.count == depth + 1)
        let cycles = graph.cycles()
        #expect(cycles.count == 1)
        #expect(cycles.first?.path.count == depth + 2)
        #expect(graph.stronglyConnectedComponentNumbers().count == 1)
        #expect(graph.transitiveDependencies(of: "s0").count == depth + 1)
        #expect(graph.topologicalOrder() == nil)

        let acyclic = DependencyGraph(try DependencyManifest(text: text.replacingOccurrences(of: "[\"s0\"]}", with: "[]}")))
        let order = try #require(acyclic.topologicalOrder())
        #expect(order.first == "s\(depth)")
        #expect(order.last == "s0")
        #expect(acyclic.cycles().isEmpty)
        #expect(Linter().lint(try DependencyManifest(text: text)).count { $0.rule == .cycle } == 1)
    }
}
