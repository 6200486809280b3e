import ConsulAPI
import ConsulTemplate
import GoTemplate
import Testing

/// The kinds of template consul-template's documentation shows (proxy upstreams, grouped backends, key/value
/// configuration, loops), rewritten as fixtures of our own over a registry built in the test.
@Suite struct DocumentedExampleTests {
    typealias F = RegistryFixtures

    static let answers: [TemplateQuery: QueryAnswer] = [
        F.service("web"): .services(F.web),
        F.service("web", filter: .any): .services(F.web),
        .key("proxy/timeout", datacenter: nil): .key(F.pair("proxy/timeout", "30s")),
        .key("proxy/workers", datacenter: nil): .key(nil),
        .keyPrefix("proxy/headers", datacenter: nil): .keyPairs([
            F.pair("proxy/headers/X-Env", "prod"), F.pair("proxy/headers/X-Team", "shop"),
        ]),
    ]

    @Test func nginxUpstreamOfHealthyInstances() throws {
        let source = """
            upstream web {
              least_conn;
            {{- range service "web" }}
              server {{ .Address }}:{{ .Port }} max_fails=3;
            {{- else }}
              server 127.0.0.1:65535; # no healthy instance
            {{- end }}
            }
            proxy_read_timeout {{ key "proxy/timeout" }};
            worker_processes {{ keyOrDefault "proxy/workers" "auto" }};
            {{ range ls "proxy/headers" }}add_header {{ .Key }} {{ .Value }};
            {{ end -}}
            """
        #expect(try F.render(source, Self.answers) == """
            upstream web {
              least_conn;
              server 10.0.0.1:8080 max_fails=3;
              server 10.0.0.2:8080 max_fails=3;
            }
            proxy_read_timeout 30s;
            worker_processes auto;
            add_header X-Env prod;
            add_header X-Team shop;

            """)
        let none = try F.render(
            #"{{ range service "web" }}x{{ else }}none{{ end }}"#, [F.service("web"): .services([])])
        #expect(none == "none")
    }

    @Test func haproxyBackendsGroupedByTagWithAllInstancesMarked() throws {
        let source = """
            {{ range $tag, $instances := service "web|any" | byTag -}}
            backend web_{{ $tag }}
            {{- range $instances }}
              server {{ .Node }} {{ .Address }}:{{ .Port }}{{ if ne .Status "passing" }} disabled{{ end }}
            {{- end }}
            {{ end -}}
            """
        #expect(try F.render(source, Self.answers) == """
            backend web_blue
              server node-b 10.0.0.2:8080
            backend web_canary
              server node-c 10.0.0.3:9090 disabled
            backend web_green
              server node-a 10.0.0.1:8080
            backend web_prod
              server node-a 10.0.0.1:8080
              server node-b 10.0.0.2:8080

            """)
    }

    @Test func firstInstanceOnlyWithIndexAndWith() throws {
        let source = #"{{ with index (service "web") 0 }}primary={{ .Address }}{{ end }}"#
        #expect(try F.render(source, Self.answers) == "primary=10.0.0.1")
    }

    @Test func numberedStanzasFromALoop() throws {
        let source = """
            {{ range $i := loop 1 4 }}worker-{{ $i }} port={{ add 9000 $i }}
            {{ end }}
            """
        #expect(try F.render(source) == "worker-1 port=9001\nworker-2 port=9002\nworker-3 port=9003\n")
    }

    @Test func tagPresenceAndMetadataPickTheLines() throws {
        let source = """
            {{ range service "web" }}{{ if in .Tags "green" }}{{ .ID }} v{{ .ServiceMeta.version }}{{ end }}{{ end }}
            """
        #expect(try F.render(source, Self.answers) == "web-1 v1.2")
    }
}
