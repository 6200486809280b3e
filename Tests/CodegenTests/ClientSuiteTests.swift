import Foundation
import Testing
import TestSupport

/// The checked-in clients pass their own test suites with Debian's toolchains (`golang-go`, `openjdk-17`
/// with `junit5`, `php-cli` with `phpunit`), and a reader generated without a dependency file compiles.
/// Those suites send SIGHUP to their own process and start writer processes, so they run one at a time.
@Suite(.serialized) struct ClientSuiteTests {
    static let clients = Paths.packageRoot.appending(path: "clients")
    static let junitLauncher = "/usr/share/java/junit-platform-console-standalone.jar"

    /// Go with no module proxy: standard library only, caches kept between runs.
    static func goEnvironment() throws -> [String: String] {
        [
            "GOPROXY": "off", "GO111MODULE": "on", "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local",
            "GOCACHE": try Paths.cacheDirectory("go-build").path(percentEncoded: false),
            "GOPATH": try Paths.cacheDirectory("go-path").path(percentEncoded: false),
        ]
    }

    @Test func goClientPassesItsTestsUnderTheRaceDetector() throws {
        let directory = Self.clients.appending(path: "go")
        let format = try ToolProcess.tool("gofmt", ["-l", "."], in: directory)
        #expect(format.status == 0 && format.standardOutput.isEmpty, "files gofmt would change: \(format)")
        let vet = try ToolProcess.tool("go", ["vet", "./..."], in: directory, environment: try Self.goEnvironment())
        #expect(vet.status == 0, "\(vet)")
        let result = try ToolProcess.tool(
            "go", ["test", "-race", "-count=1", "-v", "./..."], in: directory, environment: try Self.goEnvironment())
        #expect(result.status == 0, "\(result)")
        let passed = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("--- PASS: Test") }
        #expect(passed.count >= 15, "go test ran \(passed.count) top-level tests:\n\(result)")
        #expect(!result.standardOutput.contains("--- FAIL"))
        #expect(!result.standardOutput.contains("WARNING: DATA RACE"))
        #expect(result.standardOutput.contains("ok  \tpilot/clients/go/services"))
    }

    @Test func javaClientPassesItsJUnitTests() throws {
        let directory = Self.clients.appending(path: "java")
        #expect(
            FileManager.default.fileExists(atPath: Self.junitLauncher), "junit5 is not installed: run scripts/setup")
        let build = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: build) }
        let main = build.appending(path: "main").path(percentEncoded: false)
        let test = build.appending(path: "test").path(percentEncoded: false)
        let sources = try Paths.files(under: directory.appending(path: "src/main/java")).map { "src/main/java/" + $0 }
        let tests = try Paths.files(under: directory.appending(path: "src/test/java")).map { "src/test/java/" + $0 }

        let compileMain = try ToolProcess.tool(
            "javac", ["--release", "17", "-Xlint:all", "-Werror", "-d", main] + sources, in: directory)
        #expect(compileMain.status == 0, "the generated Java has warnings or errors: \(compileMain)")
        let compileTests = try ToolProcess.tool(
            "javac", ["--release", "17", "-Xlint:all", "-Werror", "-d", test, "-cp", "\(main):\(Self.junitLauncher)"]
                + tests, in: directory)
        #expect(compileTests.status == 0, "\(compileTests)")
        let result = try ToolProcess.tool(
            "java", [
                "-jar", Self.junitLauncher, "--disable-banner", "--disable-ansi-colors", "--details=summary",
                "--fail-if-no-tests", "-cp", "\(main):\(test)", "--select-package", "pilot.services",
            ], in: directory)
        #expect(result.status == 0, "\(result)")
        let successful = Self.count(in: result.standardOutput, before: " tests successful")
        #expect((successful ?? 0) >= 40, "JUnit ran \(successful ?? 0) tests:\n\(result)")
        #expect(Self.count(in: result.standardOutput, before: " tests failed") == 0)
    }

    @Test func phpClientPassesItsPHPUnitTests() throws {
        let result = try ToolProcess.tool("phpunit", [], in: Self.clients.appending(path: "php"))
        #expect(result.status == 0, "\(result)")
        let summary = try #require(
            result.standardOutput.firstMatch(of: /OK \((\d+) tests, (\d+) assertions\)/), "\(result)")
        #expect((Int(summary.1) ?? 0) >= 25, "PHPUnit ran \(summary.1) tests")
    }

    @Test func genericReadersWithoutADependencyFileCompile() throws {
        let output = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        for language in ["go", "java", "php"] {
            let result = try ToolProcess.codegen([
                "--lang", language, "--out", output.appending(path: language).path(percentEncoded: false),
            ])
            #expect(result.status == 0, "\(result)")
        }
        let go = output.appending(path: "go")
        try "module generic\n\ngo 1.19\n".write(to: go.appending(path: "go.mod"), atomically: true, encoding: .utf8)
        let vet = try ToolProcess.tool("go", ["vet", "./..."], in: go, environment: try Self.goEnvironment())
        #expect(vet.status == 0, "\(vet)")

        let java = output.appending(path: "java")
        let javaSources = try Paths.files(under: java)
        let classes = output.appending(path: "classes").path(percentEncoded: false)
        let javac = try ToolProcess.tool(
            "javac", ["--release", "17", "-Xlint:all", "-Werror", "-d", classes] + javaSources, in: java)
        #expect(javac.status == 0, "\(javac)")

        let php = output.appending(path: "php")
        for file in try Paths.files(under: php) {
            let lint = try ToolProcess.tool("php", ["-l", file], in: php)
            #expect(lint.status == 0, "\(lint)")
        }
        let load = try ToolProcess.tool("php", [
            "-r",
            #"require 'autoload.php'; file_put_contents('s.json', '{"db": ["192.0.2.1:5432"]}'); "#
                + #"echo \Pilot\Services\Services::load(__DIR__ . '/s.json')->pickRoundRobin('db');"#,
        ], in: php)
        #expect(load.status == 0 && load.standardOutput == "192.0.2.1:5432", "\(load)")
    }

    /// The number printed just before `suffix` in JUnit's summary box (`[        48 tests successful      ]`).
    static func count(in output: String, before suffix: String) -> Int? {
        for line in output.split(separator: "\n") where line.contains(suffix) {
            let digits = line.drop { !$0.isNumber }.prefix { $0.isNumber }
            return Int(digits)
        }
        return nil
    }
}
