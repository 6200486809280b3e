import Foundation
import Testing
import TestSupport

/// The deployable binary stays light: the release build a user deploys (`scripts/build-pilot`, which
/// `scripts/test` and `examples/Dockerfile` run) contains no full Foundation, no FoundationInternationalization
/// and no ICU, loads nothing but glibc, and has the code an idle agent runs placed first.
///
/// Full Foundation and ICU are what made pilot weigh 37 MB idle (issue 12); a single Foundation overload picked
/// by accident brings them back, and nothing else would notice.
@Suite struct WeightTests {
    /// The deployed build (`scripts/build-pilot`), unless `PILOT_RELEASE_BINARY` names another (an unstripped one: the test
    /// reads its symbols).
    static let binary = ProcessInfo.processInfo.environment["PILOT_RELEASE_BINARY"].map { URL(filePath: $0) }
        ?? repository.appending(path: ".build/deployed/release/pilot")

    /// The repository this test belongs to.
    static let repository = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let buildCommand = "scripts/build-pilot"

    /// The ordering file the deployed build links with.
    static let orderFile = repository.appending(path: "scripts/pilot.order")

    /// The symbol table of the release binary; fails (never passes silently) when there is no binary or no symbols.
    static func symbols() throws -> [Substring] {
        let path = binary.path(percentEncoded: false)
        try #require(
            FileManager.default.isExecutableFile(atPath: path),
            "no release binary at \(path): build it with \(buildCommand) (scripts/test does)")
        let nm = try ProgramRun.run(URL(filePath: "/usr/bin/nm"), [path])
        try #require(nm.status == 0, "nm failed: \(nm)")
        let symbols = nm.standardOutput.split(separator: "\n")
        // A stripped binary has no symbols and would show none of the forbidden ones either.
        try #require(
            symbols.count(where: { $0.contains("$s5pilot") }) > 10,
            "\(path) has no Swift symbols of pilot (stripped?): the test needs the unstripped build")
        return symbols
    }

    @Test func releaseBinaryContainsNoFoundationFoundationInternationalizationNorICU() throws {
        let symbols = try Self.symbols()
        // Module names are mangled as their length and name; a digit before the length would make it another.
        let forbidden: [(library: String, matches: (Substring) -> Bool)] = [
            ("Foundation", { $0.contains("10Foundation") && $0.contains(/(^|[^0-9])10Foundation/) }),
            ("FoundationInternationalization", { $0.contains("30FoundationInternationalization") }),
            ("_FoundationICU", { $0.contains("14_FoundationICU") || $0.contains("ucol_") || $0.contains("ubrk_") }),
        ]
        for (library, matches) in forbidden {
            let found = symbols.filter(matches)
            #expect(
                found.count == 0,
                "\(found.count) symbols of \(library), such as:\n\(found.prefix(5).joined(separator: "\n"))")
        }
    }

    @Test func releaseBinaryLoadsNoSwiftLibraryAtRun() throws {
        _ = try Self.symbols()
        let path = Self.binary.path(percentEncoded: false)
        let ldd = try ProgramRun.run(URL(filePath: "/usr/bin/ldd"), [path])
        // A fully static binary is "not a dynamic executable" (status 1): then it loads nothing at all.
        let libraries = ldd.status == 0 ? ldd.standardOutput : ""
        let forbidden = [
            "libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so", "libswiftCore.so",
        ]
        for library in forbidden {
            #expect(!libraries.contains(library), "\(path) loads \(library):\n\(libraries)")
        }
    }

    /// Only glibc is loaded: the Swift runtime, libstdc++ and libgcc are inside the binary (scripts/build-pilot),
    /// so an idle pilot maps none of their 1.2 MB of shared-library pages.
    @Test func releaseBinaryLoadsOnlyGlibc() throws {
        _ = try Self.symbols()
        let path = Self.binary.path(percentEncoded: false)
        let ldd = try ProgramRun.run(URL(filePath: "/usr/bin/ldd"), [path])
        try #require(ldd.status == 0, "ldd: \(ldd)")
        let libraries = ldd.standardOutput.split(separator: "\n").compactMap {
            $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
        }
        let allowed: Set = ["linux-vdso.so.1", "libc.so.6", "libm.so.6", "/lib64/ld-linux-x86-64.so.2"]
        #expect(Set(libraries).subtracting(allowed).isEmpty, "\(path) loads more than glibc:\n\(ldd.standardOutput)")
    }

    /// The functions an idle agent runs come first in `.text` (`scripts/pilot.order`, written by
    /// `pilot-bench order`), which keeps 5 MB of cold code out of an idle agent's memory. Fails when the file
    /// went stale (most of its names are no longer functions of pilot: run `pilot-bench order` again) or when
    /// the build stopped using it (the functions it names are not at the start of the code).
    @Test func functionsAnIdleAgentRunsComeFirst() throws {
        let ordered = try String(contentsOf: Self.orderFile, encoding: .utf8).split(separator: "\n")
        try #require(ordered.count > 1000, "\(Self.orderFile.path) names \(ordered.count) functions")
        var address: [Substring: UInt64] = [:]
        for line in try Self.symbols() {
            let fields = line.split(separator: " ")
            if fields.count == 3, "tT".contains(fields[1]), let value = UInt64(fields[0], radix: 16) {
                address[fields[2]] = value
            }
        }
        let found = ordered.compactMap { address[$0] }
        #expect(
            Double(found.count) >= 0.9 * Double(ordered.count),
            "only \(found.count) of the \(ordered.count) functions in scripts/pilot.order are in the binary")
        // The ordered functions fill the start of the code: most of them lie below the median function.
        let median = address.values.sorted()[address.count / 2]
        let early = found.count(where: { $0 < median })
        #expect(
            Double(early) >= 0.9 * Double(found.count),
            "\(early) of \(found.count) ordered functions lie in the first half of the code: not linked in order")
    }

    /// An idle pilot never reads the binary's unwind tables (2.8 MB). An `async` main would read them: on Linux
    /// its main thread leaves through `dispatch_main`'s `pthread_exit`, whose forced unwinding walked them and
    /// left about 1.5 MB resident in every agent. `Sources/pilot/main.swift` parks the main thread instead.
    @Test func idleAgentLeavesTheUnwindTablesUnread() async throws {
        _ = try Self.symbols()
        // The path the kernel shows in /proc/PID/maps: .build/release is a symbolic link.
        let path = Self.binary.resolvingSymlinksInPath().path(percentEncoded: false)
        let section = try Self.section(".eh_frame", of: path)
        let directory = FileManager.default.temporaryDirectory.appending(path: "pilot-weight-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"{"main": ["db"]}"#.write(
            to: directory.appending(path: "serviceDependencies.json"), atomically: true, encoding: .utf8)
        let log = directory.appending(path: "pilot.log")
        try Data().write(to: log)

        // Consul away: pilot starts everything and waits, as at every container start before Consul answers.
        let process = Process()
        process.executableURL = URL(filePath: path)
        process.arguments = ["run"]
        process.currentDirectoryURL = directory
        process.environment = [
            "PATH": "/usr/bin:/bin", "CONSUL_ADDR": "127.0.0.1:\(FreePorts.take(1)[0])", "SERVICE_NAME": "main",
            "SERVICE_PORT": "80", "SERVICE_INTERFACE": "static:127.0.0.1", "SERVICE_COMMAND": "sleep 1000",
            "PILOT_SERVICES_FILE": directory.appending(path: "services.json").path(percentEncoded: false),
            "PILOT_CONTROL_SOCKET": directory.appending(path: "control.socket").path(percentEncoded: false),
        ]
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        try process.run()
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        _ = try await Polling.until("pilot waiting for the first services.json", timeout: .seconds(20)) {
            (try String(contentsOf: log, encoding: .utf8)).contains("waiting for the first services.json") ? true : nil
        }

        let resident = try Self.residentPages(
            process: process.processIdentifier, binary: path, address: section.address, size: section.size)
        let pages = (section.size + 4095) / 4096
        print("WeightTests: \(resident) of the \(pages) pages of .eh_frame resident in an idle pilot")
        #expect(
            resident * 50 <= pages,
            "\(resident) of the \(pages) pages of .eh_frame are resident in an idle pilot")
        kill(process.processIdentifier, SIGTERM)
    }

    /// The address and size of a section of an ELF file (`readelf -SW`).
    static func section(_ name: String, of path: String) throws -> (address: UInt64, size: UInt64) {
        let readelf = try ProgramRun.run(URL(filePath: "/usr/bin/readelf"), ["-SW", path])
        try #require(readelf.status == 0, "readelf: \(readelf)")
        // "  [33] .eh_frame   PROGBITS   000000000013f2e8 13f2e8 2d5694 00   A  0   0  8"
        for line in readelf.standardOutput.split(separator: "\n") {
            let fields = line.split(separator: " ").filter { !$0.isEmpty && $0 != "[" }
            guard let at = fields.firstIndex(of: Substring(name)), fields.count > at + 4,
                let address = UInt64(fields[at + 2], radix: 16), let size = UInt64(fields[at + 4], radix: 16)
            else { continue }
            return (address, size)
        }
        throw SectionNotFound(name: name, path: path)
    }

    /// No section of that name in the file.
    struct SectionNotFound: Error {
        var name: String
        var path: String
    }

    /// How many pages of the file range `address..<address+size` (addresses as the ELF file gives them) a
    /// process has resident in its mappings of `binary` (`/proc/PID/maps` for the load address,
    /// `/proc/PID/pagemap` for presence; needs root, as the tests run).
    static func residentPages(process: Int32, binary: String, address: UInt64, size: UInt64) throws -> Int {
        let maps = try String(contentsOfFile: "/proc/\(process)/maps", encoding: .utf8)
        var base: UInt64?
        for line in maps.split(separator: "\n") where line.hasSuffix(binary) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let start = UInt64(fields[0].split(separator: "-")[0], radix: 16),
                let offset = UInt64(fields[2], radix: 16)
            else { continue }
            base = min(base ?? .max, start - offset)
        }
        let loaded = try #require(base, "\(binary) is not mapped into \(process)")
        let first = (loaded + address) / 4096
        let last = (loaded + address + size - 1) / 4096
        let pagemap = try #require(FileHandle(forReadingAtPath: "/proc/\(process)/pagemap"))
        defer { try? pagemap.close() }
        try pagemap.seek(toOffset: first * 8)
        let entries = try #require(try pagemap.read(upToCount: Int(last - first + 1) * 8))
        return stride(from: 0, to: entries.count, by: 8).count { index in
            // Little-endian 64-bit entries; bit 63 says the page is present.
            entries[index + 7] & 0x80 != 0
        }
    }
}
