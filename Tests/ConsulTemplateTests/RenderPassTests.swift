import ConsulAPI
import ConsulTemplate
import GoTemplate
import Testing

/// A render pass finds the queries a template makes and renders only once every one has an answer.
@Suite struct RenderPassTests {
    static func entry(_ id: String, _ address: String, _ port: Int, status: HealthStatus = .passing) -> HealthServiceEntry {
        HealthServiceEntry(
            node: ConsulNode(id: "n-\(id)", name: "node-\(id)", address: address, datacenter: "dc1"),
            service: AgentService(id: id, name: "api", address: address, port: port),
            checks: [HealthCheck(node: "node-\(id)", checkID: "c-\(id)", name: "c", status: status)])
    }

    @Test func aQueryWithoutAnswerHoldsTheTextBackAndIsReportedMissing() throws {
        let template = try RegistryTemplate(
            name: "upstream.ctmpl", source: #"{{ range service "api" }}server {{ .Address }}:{{ .Port }};{{ end }}"#)
        let query = TemplateQuery.service(name: "api", tag: nil, datacenter: nil, filter: .passing)
        let first = template.render(answers: [:], environment: [:])
        #expect(first.text == nil)
        #expect(first.missing == [query])
        let second = template.render(
            answers: [query: .services([Self.entry("a", "10.0.0.1", 80), Self.entry("b", "10.0.0.2", 81, status: .critical)])],
            environment: [:])
        #expect(second.text == "server 10.0.0.1:80;")
        #expect(second.missing.isEmpty)
        #expect(second.queries == [query])
    }
}
