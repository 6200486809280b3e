import ConsulAPI
import ConsulTemplate
import GoTemplate
import Testing

/// A render pass finds the queries a template makes and renders only once every one has an answer.
@Suite struct RenderPassTests {
    static func entry(_ id: String, _ address: String, _ port: Int, status: HealthStatus = .passing)
        -> HealthServiceEntry
    {
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
            answers: [
                query: .services([Self.entry("a", "10.0.0.1", 80), Self.entry("b", "10.0.0.2", 81, status: .critical)])
            ],
            environment: [:])
        #expect(second.text == "server 10.0.0.1:80;")
        #expect(second.missing.isEmpty)
        #expect(second.queries == [query])
    }

    /// A query whose name comes from another query's answer is found once that answer is known: the first pass
    /// sees only the catalog, the second each service of it.
    @Test func aQueryNestedInARangeOverAnotherAnswerIsFoundOnceTheOuterIsAnswered() throws {
        let template = try RegistryTemplate(
            name: "all.ctmpl",
            source: """
                {{ range services }}{{ .Name }}:{{ range service .Name }} {{ .Address }}{{ end }}
                {{ end }}
                """)
        let catalog = TemplateQuery.catalogServices(datacenter: nil)
        let api = TemplateQuery.service(name: "api", tag: nil, datacenter: nil, filter: .passing)
        let db = TemplateQuery.service(name: "db", tag: nil, datacenter: nil, filter: .passing)

        let first = template.render(answers: [:], environment: [:])
        #expect(first.text == nil)
        #expect(first.queries == [catalog])
        #expect(first.missing == [catalog])

        var answers: [TemplateQuery: QueryAnswer] = [catalog: .catalogServices(["api": [], "db": []])]
        let second = template.render(answers: answers, environment: [:])
        #expect(second.text == nil)
        #expect(second.queries == [catalog, api, db])
        #expect(second.missing == [api, db])

        answers[api] = .services([Self.entry("a", "10.0.0.1", 80)])
        let third = template.render(answers: answers, environment: [:])
        #expect(third.text == nil)
        #expect(third.missing == [db])

        answers[db] = .services([])
        let done = template.render(answers: answers, environment: [:])
        #expect(done.missing.isEmpty)
        #expect(done.error == nil)
        #expect(done.text == "api: 10.0.0.1\ndb:\n")
    }

    /// Every function of a pass records its query even when an earlier one already held the text back, so one pass
    /// finds all the watches a flat template needs.
    @Test func onePassRecordsEveryQueryOfAFlatTemplate() throws {
        let template = try RegistryTemplate(
            name: "flat.ctmpl",
            source: """
                {{ key "a" }}{{ range ls "b" }}{{ end }}{{ range nodes }}{{ end }}{{ node }}{{ file "/f" }}\
                {{ range service "web" "any" }}{{ end }}{{ keyExists "a" }}
                """)
        let outcome = template.render(answers: [:], environment: [:])
        let expected: Set<TemplateQuery> = [
            .key("a", datacenter: nil), .keyPrefix("b", datacenter: nil), .nodes(datacenter: nil),
            .node(nil, datacenter: nil), .file("/f"), .service(name: "web", tag: nil, datacenter: nil, filter: .any),
        ]
        #expect(outcome.queries == expected)
        #expect(outcome.missing == expected)
        #expect(outcome.error == nil)
    }

    /// A template that asks nothing of the registry renders on its first pass.
    @Test func aTemplateWithoutQueriesRendersAtOnce() throws {
        let outcome = try RegistryTemplate(name: "static", source: "{{ env \"X\" }}!").render(
            answers: [:], environment: ["X": "x"])
        #expect(outcome.text == "x!")
        #expect(outcome.queries.isEmpty)
    }
}
