import Foundation
import Testing
import TestSupport

/// The agent's libraries run none of FoundationEssentials: no object file of theirs refers to a symbol of it
/// (FoundationEssentials' whole-object sections would become resident the moment one of its functions ran).
@Suite struct FoundationFreeLibraryTests {
    /// The library targets the deployed agent is made of; the CLI (`Sources/pilot`) may still use Foundation.
    static let targets = ["SettingValues", "JSONValues", "DiscoveryModel", "ConsulAPI", "PilotAgent"]

    /// The modules that must not be referred to, as mangled names spell them wherever they occur (a function
    /// of theirs, or one of their types inside another symbol).
    static let foundationModules = ["20FoundationEssentials", "21_FoundationCollections", "10Foundation"]

    @Test(arguments: targets)
    func noObjectFileOfTheLibraryRefersToFoundation(_ target: String) throws {
        // The objects sit beside the test bundle, in `<Target>.build`, for whichever configuration was built.
        let directory = ProgramRun.builtProduct("\(target).build")
        let objects = try FileManager.default.contentsOfDirectory(atPath: directory.path(percentEncoded: false))
            .filter { $0.hasSuffix(".o") }
            .map { directory.appending(path: $0).path(percentEncoded: false) }
        try #require(!objects.isEmpty, "no object files in \(directory.path(percentEncoded: false))")
        let nm = try ProgramRun.run(URL(filePath: "/usr/bin/nm"), ["-u"] + objects)
        try #require(nm.status == 0, "\(nm.standardError)")
        var file = ""
        var offenders: [String] = []
        for line in nm.standardOutput.split(separator: "\n") {
            // nm names each file on a line of its own ("path:") before that file's symbols.
            if line.hasSuffix(":") {
                file = String(line.dropLast()).split(separator: "/").last.map(String.init) ?? ""
                continue
            }
            guard let symbol = line.split(separator: " ").last else { continue }
            if Self.foundationModules.contains(where: { symbol.contains($0) }) {
                offenders.append("\(file): \(symbol)")
            }
        }
        #expect(offenders.isEmpty, "\(target) refers to Foundation:\n\(offenders.prefix(20).joined(separator: "\n"))")
    }
}
