import Testing

@testable import ConsulAPI

/// How calls are spelled on the wire: paths, query strings, blocking parameters, check output limits.
@Suite("Request encoding")
struct ConsulRequestTests {
    @Test func blockingCallAddsIndexAndWaitInMilliseconds() {
        let request = ConsulRequest(
            .get,
            "/v1/health/service/web",
            query: HealthServiceQuery(passingOnly: true, tag: "v1").queryItems,
            blocking: BlockingQueryParameters(index: 42, wait: .seconds(300))
        )
        #expect(request.pathAndQuery == "/v1/health/service/web?passing=true&tag=v1&index=42&wait=300000ms")
        #expect(request.endpoint == "GET /v1/health/service/web?passing=true&tag=v1&index=42&wait=300000ms")
    }

    @Test func indexZeroSendsNeitherIndexNorWait() {
        let request = ConsulRequest(.get, "/v1/catalog/services", blocking: BlockingQueryParameters(index: 0))
        #expect(request.pathAndQuery == "/v1/catalog/services")
    }

    @Test func queryOptionsSpellConsulsParameters() {
        let options = ConsulQueryOptions(
            datacenter: "dc2",
            consistency: .stale,
            cached: true,
            near: "_agent",
            filter: "Service.Port == 80"
        )
        let request = ConsulRequest(.get, "/v1/catalog/nodes", query: options.queryItems)
        #expect(
            request.pathAndQuery
                == "/v1/catalog/nodes?dc=dc2&stale&cached&near=_agent&filter=Service.Port%20%3D%3D%2080"
        )
        #expect(ConsulQueryOptions(consistency: .consistent).queryItems == [QueryItem("consistent")])
    }

    @Test func pathSegmentsArePercentEncodedButKVKeysKeepTheirSlashes() {
        #expect(AgentEndpoints.segment("service:web 1/x") == "service%3Aweb%201%2Fx")
        #expect(PercentEncoding.encode("config/web app/ü", keepingSlashes: true) == "config/web%20app/%C3%BC")
    }

    @Test func durationsAreSpelledAsConsulExpects() {
        #expect(Duration.seconds(10).goDurationString == "10s")
        #expect(Duration.milliseconds(1500).goDurationString == "1500ms")
        #expect(Duration.seconds(90).consulWaitString == "90000ms")
        #expect(Duration(goDuration: "1h2m3.5s") == .seconds(3723.5))
        #expect(Duration(goDuration: "250ms") == .milliseconds(250))
        #expect(Duration(goDuration: "0") == .zero)
        #expect(Duration(goDuration: "10") == nil)
        #expect(Duration(goDuration: "5 minutes") == nil)
    }

    @Test func shortCheckOutputIsSentAsIs() {
        #expect(AgentEndpoints.truncatedOutput("ok") == "ok")
        let exactly = String(repeating: "x", count: 4096)
        #expect(AgentEndpoints.truncatedOutput(exactly) == exactly)
    }

    @Test func longCheckOutputIsCutAtACharacterBoundaryToFitFourKilobytesWithItsMarker() {
        let output = String(repeating: "日", count: 3000)  // 9000 bytes, three per character
        let cut = AgentEndpoints.truncatedOutput(output)
        #expect(cut.utf8.count <= 4096)
        #expect(cut.hasSuffix(" of 9000 bytes)"))
        let kept = cut.prefix { $0 == "日" }
        #expect(cut.hasPrefix(kept) && cut.contains("(captured \(kept.utf8.count) of"))
        #expect(kept.utf8.count > 4000)
    }

    @Test func addressRotationStartsAtTheLastAddressThatAnswered() {
        var rotation = AddressRotation(count: 3)
        #expect(rotation.attemptOrder == [0, 1, 2])
        rotation.answered(at: 2)
        #expect(rotation.attemptOrder == [2, 0, 1])
        rotation.answered(at: 0)
        #expect(rotation.attemptOrder == [0, 1, 2])
    }
}
