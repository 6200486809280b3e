import Foundation
@testable import PilotAgent
import Testing

/// pilot's timestamp writes the ISO 8601 text Foundation's `.iso8601` wrote, and `/v3/status` keeps its bytes.
@Suite struct TimestampTests {
    /// Instants around the epoch, leap days, the ends of years and centuries, fractions that must not round up.
    /// Fractions stay a whole number of milliseconds (or far from a second's end): a `Date` is a `Double` of
    /// seconds since 2001, which would turn 0.999_999_999 into the next second before formatting it.
    static let instants: [(seconds: Int64, nanoseconds: Int32)] = {
        var instants: [(Int64, Int32)] = [
            (0, 0), (0, 999_000_000), (1, 500_000_000), (59, 999_000_000), (951_782_400, 0), (951_868_799, 999_000_000),
            (946_684_799, 0), (946_684_800, 0), (1_709_164_800, 0), (1_798_675_200, 123), (2_147_483_647, 0),
            (2_147_483_648, 0), (4_102_444_800, 0), (253_402_300_799, 0), (1_000_000_000, 1),
        ]
        // A day and a few hours' worth of odd steps, and a century of steps of 37 days and 11 seconds.
        var second: Int64 = 1_790_000_000
        for _ in 0..<400 {
            instants.append((second, Int32(second % 1000) * 1_000_000))
            second += 317
        }
        second = 0
        for _ in 0..<1000 {
            instants.append((second, 0))
            second += 37 * 86_400 + 11
        }
        return instants
    }()

    @Test func writesTheSameTextAsFoundationsISO8601() {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        for (seconds, nanoseconds) in Self.instants {
            let timestamp = Timestamp(secondsSince1970: seconds, nanoseconds: nanoseconds)
            let date = Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1e9)
            #expect(timestamp.iso8601 == date.formatted(.iso8601), "\(seconds).\(nanoseconds)")
            let encoded = (try? encoder.encode([date])).map { String(decoding: $0, as: UTF8.self) }
            #expect(encoded == "[\"\(timestamp.iso8601)\"]", "\(seconds).\(nanoseconds)")
        }
    }

    @Test func readsBackWhatItWritesAndWhatFoundationReads() throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        for (seconds, _) in Self.instants {
            let text = Timestamp(secondsSince1970: seconds).iso8601
            #expect(Timestamp(iso8601: text) == Timestamp(secondsSince1970: seconds), "\(text)")
            let date = try decoder.decode([Date].self, from: Data("[\"\(text)\"]".utf8))[0]
            #expect(Int64(date.timeIntervalSince1970) == seconds, "\(text)")
        }
        #expect(Timestamp(iso8601: "2026-11-30 18:42:30Z") == nil)
        #expect(Timestamp(iso8601: "2026-13-30T18:42:30Z") == nil)
        #expect(Timestamp(iso8601: "") == nil)
    }

    @Test func nowIsTheSystemsWallClock() {
        let before = Date().timeIntervalSince1970
        let now = Timestamp.now
        let after = Date().timeIntervalSince1970
        let seconds = Double(now.secondsSince1970) + Double(now.nanoseconds) / 1e9
        #expect(seconds >= before - 0.001 && seconds <= after + 0.001)
    }

    /// The status reply as Foundation's encoder wrote it (sorted keys, slashes as they are, ISO 8601 dates).
    @Test func statusReplyHasTheBytesFoundationsEncoderGave() throws {
        var model = StatusReadModel()
        model.apply(.registrationPlanned(name: "api", id: "api-1", address: "192.0.2.5", port: 80))
        model.apply(.registered(true))
        let checked = Timestamp(secondsSince1970: 1_790_000_123, nanoseconds: 999_000_000)
        model.apply(.checkReported(status: "passing", output: "ok </ \"x\"", at: checked))
        model.apply(.dependencies(["db", "cache"]))
        model.apply(.instances(dependency: "db", ["10.0.0.1:5432"], at: Timestamp(secondsSince1970: 86_399)))
        model.apply(.consul(reachable: false, error: "connection refused: http://127.0.0.1:8500/v1/agent/self"))
        model.apply(.job(.init(
            name: "app", state: "running", pid: 7, health: "healthy", since: Timestamp(secondsSince1970: 1_790_000_000))))
        let snapshot = StatusSnapshot(
            version: "1.2.3", uptimeSeconds: 12, registration: model.registration,
            process: .init(pid: 42, state: "running", restarts: 1, lastExit: nil),
            dependencies: model.orderedDependencies, jobs: model.orderedJobs, servicesFile: "/etc/pilot/services.json",
            consul: .init(addresses: ["http://127.0.0.1:8500"], reachable: model.reachable, lastError: model.lastError))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let foundation = Array(try encoder.encode(snapshot)) + [UInt8(ascii: "\n")]
        let reply = HTTPReply.json(snapshot)
        #expect(String(decoding: reply.body, as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
        #expect(String(decoding: reply.body, as: UTF8.self).contains(#""checkUpdated":"2026-09-21T14:15:23Z""#))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode(StatusSnapshot.self, from: Data(reply.body))
        #expect(decoded.registration?.checkUpdated == Timestamp(secondsSince1970: 1_790_000_123))
    }
}
