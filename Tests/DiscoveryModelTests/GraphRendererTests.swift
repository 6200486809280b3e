import DiscoveryModel
import Testing

@Suite struct GraphRendererTests {
    let graph = DependencyGraph(dependencies: ["web": ["api"], "api": ["db", "auth"], "auth": ["api"], "db": []])

    @Test func dotMarksCycleEdgesRedAndUndeclaredServicesDashed() throws {
        let withLeaf = DependencyGraph(dependencies: ["web": ["api", "cdn"], "api": ["web"]])
        let dot = try #require(GraphRenderer(graph: withLeaf).render(format: .dot))
        #expect(dot == """
            digraph dependencies {
              rankdir=LR;
              node [shape=box];
              "api";
              "web";
              "cdn" [style=dashed];
              "api" -> "web" [color=red, penwidth=2];
              "web" -> "api" [color=red, penwidth=2];
              "web" -> "cdn";
            }

            """)
    }

    @Test func mermaidStylesTheLinksOfACycle() throws {
        let mermaid = try #require(GraphRenderer(graph: graph).render(format: .mermaid))
        #expect(mermaid.hasPrefix("flowchart LR\n"))
        #expect(mermaid.contains("n0[\"api\"]"))
        // Links in order: api->db (0), api->auth (1), auth->api (2), web->api (3).
        #expect(mermaid.contains("  linkStyle 1,2 stroke:red,stroke-width:3px\n"))
    }

    @Test func serviceOptionDrawsOnlyItsSubtree() throws {
        let dot = try #require(GraphRenderer(graph: graph).render(format: .dot, service: "auth"))
        #expect(dot.contains("\"auth\" -> \"api\""))
        #expect(dot.contains("\"api\" -> \"db\""))
        #expect(!dot.contains("\"web\""))
    }

    @Test func unknownServiceGivesNil() {
        #expect(GraphRenderer(graph: graph).render(format: .dot, service: "nope") == nil)
    }
}
