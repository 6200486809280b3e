import DiscoveryModel
import Testing

@Suite struct ServicesDocumentTests {
    @Test func encodesTheBriefsShapeOneLinePerDependency() {
        let document = ServicesDocument([
            "service3": [ServiceInstance(host: "4.4.4.4", port: 80), ServiceInstance(host: "3.3.3.3", port: 80)],
            "service2": [ServiceInstance(host: "2.2.2.2", port: 80), ServiceInstance(host: "1.1.1.1", port: 80)],
        ])
        #expect(document.encoded() == """
            {
              "service2": ["1.1.1.1:80", "2.2.2.2:80"],
              "service3": ["3.3.3.3:80", "4.4.4.4:80"]
            }

            """)
    }

    @Test func equalContentGivesEqualBytesWhateverTheOrder() {
        let first = ServicesDocument([
            "b": [ServiceInstance(host: "10.0.0.10", port: 1), ServiceInstance(host: "10.0.0.2", port: 1)],
            "a": [],
        ])
        let second = ServicesDocument([
            "a": [],
            "b": [ServiceInstance(host: "10.0.0.2", port: 1), ServiceInstance(host: "10.0.0.10", port: 1),
                  ServiceInstance(host: "10.0.0.2", port: 1)],
        ])
        #expect(first.encoded() == second.encoded())
        #expect(first == second)
        // Numeric order, not text order: .2 before .10.
        #expect(first.encoded().contains(#"["10.0.0.2:1", "10.0.0.10:1"]"#))
        #expect(first.encoded().contains(#""a": []"#))
    }

    @Test func ipv6IsBracketedAndCanonical() {
        let instance = ServiceInstance(host: "2001:0db8:0:0:0:0:0:1", port: 8080)
        #expect(instance.description == "[2001:db8::1]:8080")
        #expect(ServiceInstance("[2001:db8::1]:8080") == instance)
        let document = ServicesDocument(["api": [instance, ServiceInstance(host: "192.0.2.1", port: 80)]])
        #expect(document.encoded().contains(#"["192.0.2.1:80", "[2001:db8::1]:8080"]"#))
    }

    @Test func decodesWhatItEncodes() throws {
        let document = ServicesDocument([
            "api": [ServiceInstance(host: "192.0.2.1", port: 80), ServiceInstance(host: "::1", port: 81)],
            "db": [],
            "cache": [ServiceInstance(host: "cache.internal", port: 6379)],
        ])
        let decoded = try ServicesDocument(decoding: Array(document.encoded().utf8))
        #expect(decoded == document)
        #expect(decoded["db"] == [])
        #expect(decoded["missing"] == nil)
    }

    @Test func emptyDocumentIsAnEmptyObject() {
        #expect(ServicesDocument().encoded() == "{}\n")
    }

    @Test func decodingNamesThePlaceOfABadAddress() {
        let error = #expect(throws: DependencyFileError.self) {
            try ServicesDocument(decoding: Array("{\n  \"api\": [\"1.2.3.4:80\", \"1.2.3.4\"]\n}".utf8), path: "services.json")
        }
        #expect(error?.description == "services.json:2:25: \"api\": expected an \"ip:port\" string, found \"1.2.3.4\"")
    }

    /// The encoding as it was before it wrote bytes directly (issue 11, defect 8): the definition of the
    /// format that the Go, Java and PHP clients read.
    static func referenceEncoding(_ document: ServicesDocument) -> String {
        guard !document.services.isEmpty else { return "{}\n" }
        let lines = document.services.map { service in
            let values = document[service]!.map { instance in
                referenceQuoted(
                    instance.host.contains(":")
                        ? "[\(instance.host)]:\(instance.port)" : "\(instance.host):\(instance.port)")
            }
            return "  \(referenceQuoted(service)): [\(values.joined(separator: ", "))]"
        }
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }

    /// `JSONText.quoted` as it was, escaping scalar by scalar.
    static func referenceQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\u{00}"..."\u{1F}":
                let digits = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    @Test func encodingIsByteForByteTheReferenceForEveryKindOfNameAndAddress() {
        var instancesByService: [String: [ServiceInstance]] = [:]
        for dependency in 0..<200 {
            instancesByService["dep-\(dependency)"] = (0..<20).map { instance in
                instance % 3 == 0
                    ? ServiceInstance(host: "2001:0db8:0:0:\(dependency):0:0:\(instance)", port: 8000 + instance)
                    : ServiceInstance(
                        host: "10.\(dependency / 250).\(dependency % 250).\(instance + 1)", port: instance)
            }
        }
        // Every character JSON escapes, non-ASCII text, and the odd ports a caller could pass.
        let controls = String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) })
        instancesByService["we\"ird\\ \u{7F} caf\u{E9} \u{1F600}" + controls] = [
            ServiceInstance(host: "host\"name\\" + controls, port: 0),
            ServiceInstance(host: "h\u{F6}st.example", port: 65535),
            ServiceInstance(host: "neg", port: -12),
            ServiceInstance(host: "::ffff:192.0.2.1", port: 1),
        ]
        instancesByService["empty"] = []
        let document = ServicesDocument(instancesByService)
        #expect(document.encoded() == Self.referenceEncoding(document))
        #expect(document.encodedBytes() == Array(Self.referenceEncoding(document).utf8))
        let awkward = controls + "\"\\x\u{E9}\u{1F600}"
        #expect(JSONText.quoted(awkward) == Self.referenceQuoted(awkward))
    }

    @Test func sortingParsesEachHostOnceYetKeepsTheOrderOfLessThan() {
        let instances = [
            ServiceInstance(host: "b.example", port: 1), ServiceInstance(host: "::1", port: 2),
            ServiceInstance(host: "10.0.0.10", port: 1), ServiceInstance(host: "10.0.0.2", port: 9),
            ServiceInstance(host: "10.0.0.2", port: 3), ServiceInstance(host: "a.example", port: 1),
            ServiceInstance(host: "10.0.0.2", port: 3),
        ]
        let document = ServicesDocument(["s": instances])
        #expect(document["s"] == Array(Set(instances)).sorted())
        #expect(document["s"]?.map(\.description) == [
            "10.0.0.2:3", "10.0.0.2:9", "10.0.0.10:1", "[::1]:2", "a.example:1", "b.example:1",
        ])
    }

    @Test func changingTheHostChangesTheOrder() {
        var instance = ServiceInstance(host: "b.example", port: 1)
        #expect(ServiceInstance(host: "a.example", port: 1) < instance)
        instance.host = "10.0.0.1"
        #expect(instance < ServiceInstance(host: "a.example", port: 1))
        #expect(instance < ServiceInstance(host: "10.0.0.2", port: 1))
    }

    @Test(arguments: ["1.2.3.4", "1.2.3.4:", ":80", "1.2.3.4:70000", "[::1]", "::1:80", "[nothost]:80", "a:b"])
    func malformedInstancesAreRejected(text: String) {
        #expect(ServiceInstance(text) == nil)
    }
}

@Suite struct IPAddressTests {
    @Test(arguments: [
        ("192.0.2.1", "192.0.2.1"), ("0.0.0.0", "0.0.0.0"), ("::", "::"), ("::1", "::1"),
        ("2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"), ("fe80::1:2", "fe80::1:2"),
        ("::ffff:192.0.2.1", "::ffff:c000:201"), ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
    ])
    func parsesAndWritesCanonically(input: String, canonical: String) {
        #expect(IPAddress(input)?.description == canonical)
    }

    @Test(arguments: ["999.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.-4", "", "host", "1::2::3", "12345::", ":::", "1:2:3:4:5:6:7:8:9"])
    func rejectsWhatIsNotAnAddress(input: String) {
        #expect(IPAddress(input) == nil)
    }
}
