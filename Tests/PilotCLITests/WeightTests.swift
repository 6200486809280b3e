import Foundation
import Testing
import TestSupport

/// The deployable binary stays light: the release build a user deploys (`swift build -c release
/// --static-swift-stdlib --product pilot`, which `scripts/test` runs before the tests) contains no full
/// Foundation, no FoundationInternationalization and no ICU, and loads none of them.
///
/// Full Foundation and ICU are what made pilot weigh 37 MB idle (issue 12); a single Foundation overload picked
/// by accident brings them back, and nothing else would notice.
@Suite struct WeightTests {
    /// The package's release build, unless `PILOT_RELEASE_BINARY` names another (an unstripped one: the test
    /// reads its symbols).
    static let binary = ProcessInfo.processInfo.environment["PILOT_RELEASE_BINARY"].map { URL(filePath: $0) }
        ?? URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: ".build/release/pilot")

    static let buildCommand = "swift build -c release --static-swift-stdlib --product pilot"

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
}
