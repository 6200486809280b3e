import ConsulAPI
import Testing

@Suite("Consul address parsing")
struct ConsulAddressTests {
    @Test(arguments: [
        ("127.0.0.1:8500", ConsulAddress(scheme: .http, host: "127.0.0.1", port: 8500)),
        ("consul.service:8600", ConsulAddress(scheme: .http, host: "consul.service", port: 8600)),
        ("http://10.0.0.1:8500/", ConsulAddress(scheme: .http, host: "10.0.0.1", port: 8500)),
        ("HTTPS://consul:9501", ConsulAddress(scheme: .https, host: "consul", port: 9501)),
        ("https://consul", ConsulAddress(scheme: .https, host: "consul", port: 8501)),
        ("consul", ConsulAddress(scheme: .http, host: "consul", port: 8500)),
        ("[::1]:8500", ConsulAddress(scheme: .http, host: "::1", port: 8500)),
        ("https://[fe80::1]", ConsulAddress(scheme: .https, host: "fe80::1", port: 8501)),
        ("::1", ConsulAddress(scheme: .http, host: "::1", port: 8500)),
        ("  127.0.0.1:1  ", ConsulAddress(scheme: .http, host: "127.0.0.1", port: 1)),
    ])
    func parsesTheFormsConsulToolsAccept(text: String, expected: ConsulAddress) throws {
        #expect(try ConsulAddress(parsing: text) == expected)
    }

    @Test(arguments: [
        "", "http://", "unix:///var/run/consul.sock", "host:0", "host:65536", "host:http", "[::1", "host:1/v1",
    ])
    func rejectsMalformedAddressesNamingThem(text: String) {
        let error = #expect(throws: ConsulError.self) { try ConsulAddress(parsing: text) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.detail?.contains("\"\(text)\"") == true)
    }

    @Test func defaultSchemeAppliesOnlyWithoutAnExplicitOne() throws {
        #expect(try ConsulAddress(parsing: "consul:8501", defaultScheme: .https).scheme == .https)
        #expect(try ConsulAddress(parsing: "http://consul:8500", defaultScheme: .https).scheme == .http)
    }

    @Test func listKeepsFailoverOrderAndSkipsEmptyEntries() throws {
        let list = try ConsulAddress.parseList("a:1, b:2,,https://c:3 ,")
        #expect(list.map(\.description) == ["http://a:1", "http://b:2", "https://c:3"])
        #expect(throws: ConsulError.self) { try ConsulAddress.parseList(" , ") }
    }

    @Test func describesItselfAsAURLPrefixWithBracketedIPv6() {
        #expect(ConsulAddress(host: "::1", port: 8500).description == "http://[::1]:8500")
        #expect(ConsulAddress.localAgent.description == "http://127.0.0.1:8500")
    }
}
