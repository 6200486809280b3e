import ConsulAPI
import ConsulTemplate
import GoTemplate
import Testing

/// The registry functions read their query's answer as consul-template presents it: its field names, its
/// filters, its orders.
@Suite struct RegistryFunctionTests {
    typealias F = RegistryFixtures

    @Test func serviceListsPassingInstancesByNodeThenID() throws {
        let text = try F.render(
            #"{{ range service "web" }}server {{ .Node }} {{ .Address }}:{{ .Port }};{{ end }}"#,
            [F.service("web"): .services(F.web)])
        #expect(text == "server node-a 10.0.0.1:8080;server node-b 10.0.0.2:8080;")
    }

    @Test func serviceFilterAnyKeepsEveryInstanceAndIsItsOwnQuery() throws {
        let any = F.service("web", filter: .any)
        let source = #"{{ range service "web" "any" }}{{ .ID }}={{ .Status }} {{ end }}"#
        #expect(try F.render(source, [any: .services(F.web)]) == "web-1=passing web-2=passing web-3=critical ")
        // consul-template's one-string form is the same query.
        #expect(try F.render(#"{{ len (service "web|any") }}"#, [any: .services(F.web)]) == "3")
        #expect(try F.outcome(source).missing == [any])
    }

    @Test func serviceFilterOfStatusesKeepsThoseStatuses() throws {
        let critical = F.service("web", filter: .statuses(["critical", "warning"]))
        let text = try F.render(
            #"{{ range service "web" "critical, warning" }}{{ .ID }}{{ end }}"#, [critical: .services(F.web)])
        #expect(text == "web-3")
        // A list naming any accepts all, as consul-template's does.
        #expect(try F.outcome(#"{{ service "web|passing,any" }}"#).missing == [F.service("web", filter: .any)])
    }

    @Test func serviceReadsTagAndDatacenter() throws {
        let query = F.service("web", tag: "prod", datacenter: "east")
        let outcome = try F.outcome(#"{{ service "prod.web@east" }}"#)
        #expect(outcome.missing == [query])
        let dotted = try F.outcome(#"{{ service "v1.2.web" }}"#)
        #expect(dotted.missing == [F.service("web", tag: "v1.2")])
    }

    @Test func serviceGivesConsulTemplatesFields() throws {
        let source = """
            {{ range service "web" }}{{ .ID }} {{ .Name }} {{ .Node }} {{ .NodeID }} {{ .NodeAddress }} \
            {{ .NodeDatacenter }} {{ .NodeTaggedAddresses.lan }} {{ .NodeMeta.rack }} [{{ .ServiceMeta.version }}] \
            {{ .Tags }} {{ len .Checks }} {{ (index .Checks 1).CheckID }}
            {{ end }}
            """
        let text = try F.render(source, [F.service("web"): .services(F.web)])
        #expect(text == """
            web-1 web node-a id-node-a 10.0.0.1 dc1 10.0.0.1 r1 [1.2] [green prod] 2 service:web-1
            web-2 web node-b id-node-b 10.0.0.2 dc1 10.0.0.2 r1 [] [blue prod] 2 service:web-2

            """)
    }

    /// Go sorts strings by their bytes: a decomposed "é" (e + U+0301) comes before "z", a precomposed one after.
    /// Swift's `<` treats the two as equal and puts both after "z".
    @Test func tagsSortByTheirBytesAsGoSorts() throws {
        let decomposed = "e\u{301}"
        let entries = [F.entry("a", node: "n1", address: "10.0.0.1", port: 1, tags: ["\u{E9}", "z", decomposed])]
        let text = try F.render(
            #"{{ range service "web" }}{{ join "," .Tags }}{{ end }}"#, [F.service("web"): .services(entries)])
        #expect(Array(text.unicodeScalars) == Array("\(decomposed),z,\u{E9}".unicodeScalars))
    }

    @Test func serviceAddressFallsBackToTheNodesAddress() throws {
        let entries = [
            F.entry("a", node: "n1", address: "10.0.0.1", port: 1, serviceAddress: "192.0.2.7"),
            F.entry("b", node: "n2", address: "10.0.0.2", port: 2),
        ]
        let text = try F.render(
            #"{{ range service "web" }}{{ .Address }} {{ end }}"#, [F.service("web"): .services(entries)])
        #expect(text == "192.0.2.7 10.0.0.2 ")
    }

    @Test func serviceWithAnEmptyNameMakesNoQuery() throws {
        let outcome = try F.outcome(#"[{{ service "" }}]"#)
        #expect(outcome.text == "[[]]")
        #expect(outcome.queries.isEmpty)
    }

    @Test func servicesListsTheCatalogByNameWithSortedTags() throws {
        let text = try F.render(
            #"{{ range services }}{{ .Name }}: {{ .Tags | join "," }}{{ "\n" }}{{ end }}"#,
            [.catalogServices(datacenter: nil): .catalogServices(["web": ["b", "a"], "consul": [], "db": ["primary"]])])
        #expect(text == "consul: \ndb: primary\nweb: a,b\n")
        #expect(try F.outcome(#"{{ services "@west" }}"#).missing == [.catalogServices(datacenter: "west")])
    }

    @Test func keyReadsTheValue() throws {
        let answers: [TemplateQuery: QueryAnswer] = [
            .key("service/redis/maxconns", datacenter: nil): .key(F.pair("service/redis/maxconns", "15")),
            .key("empty", datacenter: nil): .key(F.pair("empty", "")),
            .key("app/name", datacenter: "east"): .key(F.pair("app/name", "shop")),
        ]
        let text = try F.render(
            #"{{ key "service/redis/maxconns" }}|{{ key "empty" }}|{{ key "/app/name@east" }}"#, answers)
        #expect(text == "15||shop")
    }

    /// consul-template's `key` blocks rendering until the key exists; writing the file with an empty value would
    /// hand the service a broken configuration.
    @Test func keyHoldsTheTextBackUntilTheKeyExists() throws {
        let absent: [TemplateQuery: QueryAnswer] = [.key("db/password-file", datacenter: nil): .key(nil)]
        let outcome = try F.outcome(#"path={{ key "db/password-file" }}"#, absent)
        #expect(outcome.text == nil)
        #expect(outcome.error == nil)
        #expect(outcome.missing == [.key("db/password-file", datacenter: nil)])
        // The other key functions take an absent key as an answer.
        let lenient = try F.outcome(
            #"{{ keyExists "db/password-file" }} {{ keyOrDefault "db/password-file" "none" }}"#, absent)
        #expect(lenient.text == "false none")
    }

    /// consul-template answers an empty key path with an empty value and watches nothing.
    @Test func anEmptyKeyPathMakesNoQuery() throws {
        let outcome = try F.outcome(#"[{{ key "" }}][{{ keyOrDefault "" "d" }}][{{ keyExists "" }}][{{ ls "" }}]"#)
        #expect(outcome.text == "[][d][false][[]]")
        #expect(outcome.queries.isEmpty)
    }

    @Test func keyOrDefaultFallsBackForAbsentOrEmptyValuesAndWhileUnanswered() throws {
        let answers: [TemplateQuery: QueryAnswer] = [
            .key("set", datacenter: nil): .key(F.pair("set", "yes")),
            .key("empty", datacenter: nil): .key(F.pair("empty", "")),
            .key("absent", datacenter: nil): .key(nil),
        ]
        let source = #"{{ keyOrDefault "set" "d" }} {{ keyOrDefault "empty" "d" }} {{ keyOrDefault "absent" "d" }}"#
        #expect(try F.render(source, answers) == "yes d d")
        let waiting = try F.outcome(#"{{ keyOrDefault "later" "5" }}"#)
        #expect(waiting.text == nil)
        #expect(waiting.missing == [.key("later", datacenter: nil)])
    }

    @Test func keyExistsSharesTheKeysQuery() throws {
        let answers: [TemplateQuery: QueryAnswer] = [
            .key("on", datacenter: nil): .key(F.pair("on", "")),
            .key("off", datacenter: nil): .key(nil),
        ]
        let outcome = try F.outcome(#"{{ keyExists "on" }} {{ keyExists "off" }} {{ key "on" }}"#, answers)
        #expect(outcome.text == "true false ")
        #expect(outcome.queries == [.key("on", datacenter: nil), .key("off", datacenter: nil)])
    }

    static let redis: [KVPair] = [
        F.pair("service/redis/", ""),
        F.pair("service/redis/maxconns", "15"),
        F.pair("service/redis/minconns", "5"),
        F.pair("service/redis/nested/", ""),
        F.pair("service/redis/nested/config/value", "deep"),
    ]

    @Test func lsListsDirectChildrenWithRelativeKeys() throws {
        let text = try F.render(
            #"{{ range ls "service/redis" }}{{ .Key }}={{ .Value }};{{ end }}"#,
            [.keyPrefix("service/redis", datacenter: nil): .keyPairs(Self.redis)])
        #expect(text == "maxconns=15;minconns=5;")
    }

    @Test func treeListsEveryDescendantWithAValue() throws {
        let text = try F.render(
            #"{{ range tree "/service/redis" }}{{ .Key }}={{ .Value }} ({{ .Path }});{{ end }}"#,
            [.keyPrefix("service/redis", datacenter: nil): .keyPairs(Self.redis)])
        #expect(text == """
            maxconns=15 (service/redis/maxconns);minconns=5 (service/redis/minconns);\
            nested/config/value=deep (service/redis/nested/config/value);
            """)
    }

    @Test func lsAndTreeShareOneQueryPerPrefix() throws {
        let outcome = try F.outcome(#"{{ ls "a" }}{{ tree "a" }}{{ tree "a@dc2" }}"#)
        #expect(outcome.missing == [.keyPrefix("a", datacenter: nil), .keyPrefix("a", datacenter: "dc2")])
    }

    @Test func safeLsAndSafeTreeHoldTheTextBackWhileThePrefixIsEmpty() throws {
        let empty: [TemplateQuery: QueryAnswer] = [.keyPrefix("keys", datacenter: nil): .keyPairs([])]
        #expect(try F.outcome(#"[{{ range ls "keys" }}x{{ end }}]"#, empty).text == "[]")
        let safe = try F.outcome(#"[{{ range safeLs "keys" }}x{{ end }}]"#, empty)
        #expect(safe.text == nil)
        #expect(safe.missing == [.keyPrefix("keys", datacenter: nil)])
        #expect(try F.outcome(#"{{ safeTree "keys" }}"#, empty).text == nil)
        let filled: [TemplateQuery: QueryAnswer] = [
            .keyPrefix("keys", datacenter: nil): .keyPairs([F.pair("keys/a", "1")])
        ]
        #expect(try F.render(#"{{ range safeTree "keys" }}{{ .Key }}{{ end }}"#, filled) == "a")
    }

    static let node = ConsulNode(
        id: "id-1", name: "node-1", address: "10.1.0.1", datacenter: "dc1", taggedAddresses: ["wan": "198.51.100.1"],
        meta: ["zone": "a"])

    @Test func nodeGivesTheNodeAndItsServicesSortedByNameThenID() throws {
        let services = [
            AgentService(id: "web-2", name: "web", tags: ["z", "a"], port: 81),
            AgentService(id: "db-1", name: "db", address: "10.1.0.9", port: 5432),
            AgentService(id: "web-1", name: "web", port: 80),
        ]
        let source = """
            {{ with node }}{{ .Node.Node }} {{ .Node.Address }} {{ .Node.TaggedAddresses.wan }} {{ .Node.Meta.zone }}
            {{ range .Services }}{{ .Service }} {{ .ID }} {{ .Port }} {{ .Tags }} [{{ .Address }}]
            {{ end }}{{ end }}
            """
        let text = try F.render(source, [.node(nil, datacenter: nil): .node(Self.node, services: services)])
        #expect(text == """
            node-1 10.1.0.1 198.51.100.1 a
            db db-1 5432 [] [10.1.0.9]
            web web-1 80 [] []
            web web-2 81 [a z] []

            """)
        #expect(try F.outcome(#"{{ node "node-1" "@dc2" }}"#).missing == [.node("node-1", datacenter: "dc2")])
    }

    @Test func nodeIsEmptyWhileUnansweredAndHasNoNodeWhenAbsent() throws {
        let waiting = try F.outcome(#"{{ with node "x" }}found{{ else }}none{{ end }}"#)
        #expect(waiting.missing == [.node("x", datacenter: nil)])
        let absent = try F.render(
            #"{{ with node "x" }}{{ if .Node }}node{{ else }}no node{{ end }}{{ end }}"#,
            [.node("x", datacenter: nil): .node(nil, services: [])])
        #expect(absent == "no node")
    }

    @Test func nodesListsByNameThenAddress() throws {
        let nodes = [
            ConsulNode(name: "b", address: "10.0.0.2"), ConsulNode(name: "a", address: "10.0.0.9"),
            ConsulNode(name: "a", address: "10.0.0.1"),
        ]
        let text = try F.render(
            #"{{ range nodes }}{{ .Node }}@{{ .Address }} {{ end }}"#, [.nodes(datacenter: nil): .nodes(nodes)])
        #expect(text == "a@10.0.0.1 a@10.0.0.9 b@10.0.0.2 ")
        #expect(try F.outcome(#"{{ nodes "@dc3" }}"#).missing == [.nodes(datacenter: "dc3")])
    }

    @Test func fileIsAQueryLikeTheOthers() throws {
        let outcome = try F.outcome(#"{{ file " /etc/motd " }}"#)
        #expect(outcome.missing == [.file("/etc/motd")])
        #expect(try F.render(#"<{{ file "/etc/motd" }}>"#, [.file("/etc/motd"): .file("hello\n")]) == "<hello\n>")
        // A file that cannot be read holds the text back, as consul-template's failing watch does.
        let unreadable = try F.outcome(#"<{{ file "/gone" }}>"#, [.file("/gone"): .file(nil)])
        #expect(unreadable.text == nil)
        #expect(unreadable.missing == [.file("/gone")])
        #expect(try F.outcome(#"{{ file "" }}"#).queries.isEmpty)
    }

    @Test func envReadsTheGivenEnvironment() throws {
        let environment = ["HOME": "/root", "EMPTY": ""]
        #expect(try F.render(#"{{ env "HOME" }}|{{ env "NOPE" }}"#, environment: environment) == "/root|")
        #expect(
            try F.render(#"{{ envOrDefault "EMPTY" "d" }}|{{ envOrDefault "NOPE" "d" }}"#, environment: environment)
                == "|d")
        #expect(try F.render(#"{{ mustEnv "HOME" }}"#, environment: environment) == "/root")
        let error = try #require(try F.outcome(#"{{ mustEnv "EMPTY" }}"#, environment: environment).error)
        #expect(error.message.contains("required environment variable EMPTY is empty"))
    }

    @Test(arguments: [
        #"{{ service "web?ns=team" }}"#, #"{{ service "web~_agent" }}"#, #"{{ service "we b" }}"#,
        #"{{ service "web@" }}"#, #"{{ service "web" "healthy" }}"#, #"{{ key "a@b@c" }}"#, #"{{ nodes "x" }}"#,
    ])
    func refusesQueriesItCannotWatch(_ source: String) throws {
        let error = try #require(try F.outcome(source).error)
        #expect(error.code == .functionFailed, "\(error)")
        #expect(error.line == 1 && error.column == 4, "\(error)")
    }
}
