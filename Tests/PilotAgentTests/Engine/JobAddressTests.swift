import ContainerPilotConfig
import DiscoveryModel
import Testing

@testable import PilotAgent

@Suite struct JobAddressTests {
    let host = InterfaceAddresses(entries: [
        .init(interface: "lo", address: .v4(127, 0, 0, 1)),
        .init(interface: "eth1", address: .v4(10, 1, 0, 5)),
        .init(interface: "eth1", address: .v4(10, 1, 0, 6)),
        .init(interface: "eth1", address: .v6([0xFE80, 0, 0, 0, 0, 0, 0, 1])),
        .init(interface: "eth2", address: .v6([0x2001, 0xDB8, 0, 0, 0, 0, 0, 7])),
    ])

    func resolve(_ texts: [String]) throws -> IPAddress {
        try JobAddress.resolve(texts.map { InterfaceSpecification(parsing: $0)! }, job: "app", in: host)
    }

    @Test func theFirstMatchingSpecificationWins() throws {
        #expect(try resolve(["eth9", "eth1", "lo"]) == .v4(10, 1, 0, 5))
    }

    /// The documentation's default, `eth0:inet` alone (ContainerPilot's code falls back to any IPv4 address).
    @Test func theDefaultIsEth0AloneAsTheDocumentationSays() throws {
        #expect(throws: JobAddressError.self) {
            try JobAddress.resolve(InterfaceSpecification.defaults, job: "app", in: host)
        }
        let withEth0 = InterfaceAddresses(entries: host.entries + [.init(interface: "eth0", address: .v4(10, 9, 0, 1))])
        #expect(try JobAddress.resolve(InterfaceSpecification.defaults, job: "app", in: withEth0) == .v4(10, 9, 0, 1))
    }

    @Test func anIndexPicksTheNthAddressOfTheInterface() throws {
        #expect(try resolve(["eth1[1]"]) == .v4(10, 1, 0, 6))
    }

    @Test func inet6SkipsLinkLocalAddresses() throws {
        #expect(try resolve(["inet6"]) == .v6([0x2001, 0xDB8, 0, 0, 0, 0, 0, 7]))
    }

    @Test func aNetworkAndAStaticAddressMatch() throws {
        #expect(try resolve(["10.1.0.0/16"]) == .v4(10, 1, 0, 5))
        #expect(try resolve(["static:192.0.2.9"]) == .v4(192, 0, 2, 9))
    }

    @Test func noMatchNamesTheJobAndWhatTheHostHas() {
        #expect {
            try resolve(["eth0", "eth1[5]"])
        } throws: { error in
            let text = "\(error)"
            return text.contains("job \"app\"") && text.contains("eth0:inet, eth1[5]") && text.contains("eth1 (10.1.0.5")
        }
    }
}
