import ConsulAPI
import Foundation
import Logging
import Testing
import TestSupport

/// The client's own HTTP/1.1 over real Consul: whole replies of any framing, the reply size limit, kept-alive
/// connections (one per watch, a few for other calls), cancellation and shutdown closing what they must.
@Suite("The HTTP/1.1 client against a real Consul", .serialized)
struct HTTPClientTests {
    /// Consul frames a short reply with `Content-Length` and a long one (over Go's 2 KiB buffer) as chunked.
    @Test func shortAndLongRepliesArriveWhole() async throws {
        try await withConsulDevAgent(name: "framing") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                let long = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
                try await consul.kv.put("long", value: long)
                try await consul.kv.put("short", string: "s")
                #expect(try await consul.kv.get("long").value?.value == long)
                #expect(try await consul.kv.get("short").value?.stringValue == "s")
                #expect(try await consul.kv.list(prefix: "").value.map(\.key) == ["long", "short"])
            }
        }
    }

    @Test func replyLargerThanTheLimitFailsTheCallNamingTheLimit() async throws {
        try await withConsulDevAgent(name: "limit") { agent in
            let configuration = ConsulConfiguration(addresses: [agent.httpAddress], maximumResponseBytes: 4096)
            try await withConsulClient(configuration) { consul in
                try await consul.kv.put("big", value: [UInt8](repeating: 7, count: 20_000))
                let error = await #expect(throws: ConsulError.self) { try await consul.kv.get("big") }
                #expect(error?.code == .connectionFailed)
                #expect(error?.detail?.contains("4096") == true)
                #expect(try await consul.kv.get("missing").value == nil, "the client goes on after it")
            }
        }
    }

    @Test func otherCallsAndAWatchReuseTheirConnections() async throws {
        try await withConsulDevAgent(name: "reuse") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                for _ in 0..<10 { _ = try await consul.status.leader() }
                #expect(Self.connections(to: agent.ports.http) == 1, "ten calls in turn use one connection")

                var index = try await consul.catalog.services().meta.index
                for _ in 0..<5 {
                    let blocking = BlockingQueryParameters(index: index, wait: .milliseconds(50))
                    index = try await consul.catalog.services(blocking: blocking).meta.index
                }
                #expect(Self.connections(to: agent.ports.http) == 2, "a watch's calls in turn use one more")
            }
        }
    }

    @Test func cancellingABlockingCallEndsItAtOnceAndClosesItsConnection() async throws {
        try await withConsulDevAgent(name: "cancel") { agent in
            try await withConsulClient(ConsulConfiguration(addresses: [agent.httpAddress])) { consul in
                let index = try await consul.catalog.services().meta.index
                let blocking = BlockingQueryParameters(index: index, wait: .seconds(60))
                let call = Task { try await consul.catalog.services(blocking: blocking) }
                _ = try await Polling.until("the blocking call to be parked") {
                    Self.connections(to: agent.ports.http) == 2 ? true : nil
                }
                let cancelled = ContinuousClock.now
                call.cancel()
                await #expect(throws: CancellationError.self) { _ = try await call.value }
                #expect(ContinuousClock.now - cancelled < .milliseconds(500))
                _ = try await Polling.until("the blocking call's connection to close", timeout: .seconds(5)) {
                    Self.connections(to: agent.ports.http) == 1 ? true : nil
                }
            }
        }
    }

    @Test func shutdownClosesEveryConnectionIdleOrInFlight() async throws {
        try await withConsulDevAgent(name: "close") { agent in
            let consul = try ConsulClient(
                configuration: ConsulConfiguration(addresses: [agent.httpAddress]),
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            // Parked on a key nobody writes: the catalog's index still moves while a fresh dev agent syncs its
            // node, which answered a catalog query before the shutdown and let it succeed.
            let index = try await consul.kv.get("pilot-test/never-written").meta.index
            let parked = Task {
                try await consul.kv.get(
                    "pilot-test/never-written", blocking: BlockingQueryParameters(index: index, wait: .seconds(60)))
            }
            _ = try await Polling.until("an idle and a parked connection") {
                Self.connections(to: agent.ports.http) == 2 ? true : nil
            }
            try await consul.shutdown()
            let error = await #expect(throws: ConsulError.self) { _ = try await parked.value }
            #expect(error?.code == .clientShutDown)
            _ = try await Polling.until("no connection left", timeout: .seconds(5)) {
                Self.connections(to: agent.ports.http) == 0 ? true : nil
            }
        }
    }

    /// Established IPv4 connections from this machine to `port` on loopback (the client side of each), read
    /// from `/proc/net/tcp`: Consul listens on 127.0.0.1, and the test's agent is the only one on its port.
    static func connections(to port: Int) -> Int {
        // Read to the end by hand: procfs hands out a page per read, and a short read is not the end.
        let descriptor = open("/proc/net/tcp", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return -1 }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var page = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = page.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += page[..<count]
        }
        let table = String(decoding: bytes, as: UTF8.self)
        let remote = String(format: "0100007F:%04X", port)
        return table.split(separator: "\n").dropFirst().filter { line in
            let fields = line.split(separator: " ")
            return fields.count > 3 && fields[2] == remote && fields[3] == "01"
        }.count
    }
}
